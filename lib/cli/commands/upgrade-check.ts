import type { Command } from 'commander';
import { UserError } from '../../errors';
import { formatUpgradeCheck, upgradeCheck } from '../../upgrade';
import type { CliIo } from '../program';

/**
 * `rootstock upgrade-check --baseline <cdk.out> --candidate <cdk.out>`: exit 1 when the candidate
 * would replace or remove a stateful resource, 2 for unreadable input, 0 otherwise.
 */
export function registerUpgradeCheck(program: Command, io: CliIo): void {
  program
    .command('upgrade-check')
    .description('Compare two synths stack by stack; fail (exit 1) if the candidate would replace or remove a stateful resource (keys, buckets, log groups, FHIR stores, user pools, vaults, tables, databases).')
    .requiredOption('--baseline <dir>', 'the synth deployed today: a cdk.out folder, a folder of *.template.json, or one template (two single files are compared with each other, whatever their names)')
    .requiredOption('--candidate <dir>', 'the synth you want to deploy')
    .option('--format <format>', 'text or json', 'text')
    .option('--trusts-dir <dir>', 'trust configs: a baseline stack whose trust config is here but which the candidate synth did not select (-c trust=...) is reported as not compared, not as removed', 'trusts')
    .action((opts: { baseline: string; candidate: string; format: string; trustsDir: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`--format must be text or json, got '${opts.format}'.`);
      const result = upgradeCheck(opts.baseline, opts.candidate, { trustsDir: opts.trustsDir });
      io.out(opts.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatUpgradeCheck(result));
      if (!result.ok) {
        const count = result.stacks.reduce((n, s) => n + s.problems.length, 0);
        throw new UserError(`upgrade-check failed: ${count} stateful resource change(s) would lose data or take it out of management (listed above).`, 1);
      }
    });
}
