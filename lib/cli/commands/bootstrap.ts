import * as path from 'path';
import type { Command } from 'commander';
import { UserError } from '../../errors';
import { bootstrapPlan, loadFleet, resourceTypesIn, trustResourceTypesOf, writeBootstrapPlan, fleetRegionProblem } from '../../fleet';
import { resolveTrustRef } from '../../preflight/trust-ref';
import type { CliIo } from '../program';

interface BootstrapOptions { trust?: string; account?: string; region?: string; trustsDir: string; cdkOut?: string; fleet?: string; pipelineAccount?: string; qualifier?: string; out: string; format: string }

/**
 * `rootstock bootstrap`: the least-privilege CloudFormation execution policies and the permissions
 * boundary for a trust account, derived from the synthesised templates, and the commands that put
 * them in place (`aws cloudformation deploy`, then `cdk bootstrap --cloudformation-execution-policies
 * ... --custom-permissions-boundary ...`).
 */
export function registerBootstrap(program: Command, io: CliIo): void {
  program
    .command('bootstrap')
    .description('Write the least-privilege CloudFormation execution policies and the permissions boundary for a trust account (from the synthesised templates), and print the cdk bootstrap line that uses them.')
    .option('--trust <ref>', "the trust (ODS code, <ODS>-<environment> or config file): its config's account and region")
    .option('--account <id>', 'the trust account (12 digits), instead of --trust')
    .option('--region <region>', 'the region, instead of --trust (default eu-west-2)')
    .option('--trusts-dir <dir>', 'the folder of trust configs', 'trusts')
    .option('--cdk-out <dir>', 'read resource types from this synth instead of synthesising the trusts folder')
    .option('--fleet <file>', 'the fleet file: its pipelineAccount is trusted to deploy')
    .option('--pipeline-account <id>', 'the account trusted to deploy (cdk bootstrap --trust), instead of --fleet')
    .option('--qualifier <qualifier>', 'the CDK bootstrap qualifier (default hnb659fds)')
    .option('--out <dir>', 'where the policy files go', 'bootstrap')
    .option('--format <format>', 'text (write files, print commands) or json (print everything, write nothing)', 'text')
    .action((opts: BootstrapOptions) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`--format: must be text or json; got '${opts.format}'. Leave it out to write the files and print the commands.`);
      const trust = opts.trust ? resolveTrustRef(opts.trust, opts.trustsDir).config : undefined;
      if (trust && opts.account) throw new UserError(`--account: give --trust or --account, not both (--trust ${opts.trust} has account ${trust.account ?? 'none'}).`);
      const account = opts.account ?? trust?.account;
      if (!account) {
        throw new UserError(trust
          ? `--trust ${opts.trust}: the trust config has no account, so there is no account to bootstrap. Add account: "<12 digits>" to its config, or give --account.`
          : 'bootstrap: give --trust <ODS code> (its config has the account and region) or --account <12 digits>, like rootstock bootstrap --trust RYY.');
      }
      if (!/^\d{12}$/.test(account)) throw new UserError(`--account: must be 12 digits, like 111122223333; got '${account}'.`);
      const region = opts.region ?? trust?.region ?? 'eu-west-2';
      const regionProblem = fleetRegionProblem(region);
      if (regionProblem) throw new UserError(`--region: ${regionProblem}; got '${region}'.`);
      if (opts.fleet && opts.pipelineAccount) throw new UserError('--pipeline-account: give --fleet or --pipeline-account, not both.');
      const pipelineAccount = opts.pipelineAccount ?? (opts.fleet ? loadFleet(opts.fleet).config.pipelineAccount : undefined);
      if (pipelineAccount !== undefined && !/^\d{12}$/.test(pipelineAccount)) throw new UserError(`--pipeline-account: must be 12 digits, like 999988887777; got '${pipelineAccount}'.`);
      if (opts.qualifier !== undefined && !/^[a-z0-9]{1,10}$/.test(opts.qualifier)) throw new UserError(`--qualifier: must be 1 to 10 lowercase letters or digits (CDK's rule), like hnb659fds; got '${opts.qualifier}'.`);
      const resourceTypes = opts.cdkOut ? resourceTypesIn(opts.cdkOut) : trustResourceTypesOf(path.resolve(opts.trustsDir));
      const plan = bootstrapPlan({ account, region, resourceTypes, pipelineAccount, qualifier: opts.qualifier });
      if (opts.format === 'json') {
        io.out(`${JSON.stringify(plan, null, 2)}\n`);
        return;
      }
      const files = writeBootstrapPlan(plan, opts.out);
      const out = opts.out.replace(/[\\/]+$/, '');
      io.out(
        [
          `Hardened bootstrap for ${account}/${region}: ${Object.keys(plan.executionPolicies).length} execution policies covering ${resourceTypes.length} resource types, and the permissions boundary.`,
          `Wrote ${files.length} files to ${out}/: ${files.map((f) => path.basename(f)).join(', ')}.`,
          '',
          `1. Create the policies in ${account} (again whenever a release adds resource types):`,
          `   ${plan.commands[0].replace('<out>', out)}`,
          '2. Bootstrap with them (CDK\'s own template; the boundary also goes on every role the trust stacks create):',
          `   ${plan.commands[1]}`,
          '',
        ].join('\n'),
      );
    });
}
