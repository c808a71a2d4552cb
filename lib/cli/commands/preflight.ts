import type { Command } from 'commander';
import { UserError } from '../../errors';
import { formatPreflight, resolveTrustRef, runPreflight } from '../../preflight';
import type { CliIo } from '../program';

/**
 * `rootstock preflight [--trust <ods|file>]`: who am I, and is it the trust's account and region?
 *
 * Uses the SDK's standard configuration, so AWS_PROFILE, AWS_REGION and AWS_ENDPOINT_URL_STS apply.
 */
export function registerPreflight(program: Command, io: CliIo): void {
  program
    .command('preflight')
    .description("Before a deploy: show who your AWS credentials belong to and check they match the trust's account and region (STS GetCallerIdentity).")
    .option('-t, --trust <ods|file>', 'the trust: an ODS code, <ODS>-<environment>, a config file name in --trusts-dir, or a path')
    .option('--trusts-dir <dir>', 'folder of trust configs', 'trusts')
    .option('--profile <name>', 'AWS named profile (default: AWS_PROFILE, else the default profile)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: { trust?: string; trustsDir: string; profile?: string; format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`--format must be text or json; got '${opts.format}'.`);
      const trust = opts.trust ? resolveTrustRef(opts.trust, opts.trustsDir) : undefined;
      const result = await runPreflight({ trust, profile: opts.profile });
      io.out(opts.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatPreflight(result));
    });
}
