import type { Command } from 'commander';
import { CHECK_EXIT_CODES, checkTemplates, parsePackList } from '../../check/check';
import { formatCheckText } from '../../check/format';
import { readCheckInputs } from '../../check/inputs';
import { UserError } from '../../errors';
import type { CliIo } from '../program';

const EXIT_HELP = `
Exit codes:
  ${CHECK_EXIT_CODES.passed}  every resource checked, no open error-level finding
  ${CHECK_EXIT_CODES.findings}  open error-level findings (acknowledged ones do not count)
  ${CHECK_EXIT_CODES.unreadable}  input that cannot be read (a missing file, not a template, bad YAML, a template CfnInclude cannot load)
  ${CHECK_EXIT_CODES.unchecked}  no open error-level finding, but resources that were not checked: SAM (AWS::Serverless::*) and other
     deploy-time transforms, nested stacks whose template is not a local file, Fn::ForEach loops that cannot be
     expanded. Check the processed template: aws cloudformation get-template --stack-name <stack> --template-stage Processed
A folder gives one combined report and the worst outcome (2, then 1, then 3); each template's own exit code is listed.`;

/**
 * `rootstock check <path>`: runs the NHS pack (and optionally cdk-nag's packs) over a
 * CloudFormation template, a cdk.out folder, or a folder of templates and cdk.out folders, in
 * one process. Exit codes: see CHECK_EXIT_CODES.
 */
export function registerCheck(program: Command, io: CliIo): void {
  program
    .command('check')
    .description('Check CloudFormation templates (JSON or YAML), a cdk.out folder, or a folder of them, against the NHS rules and, with --packs, cdk-nag packs; one combined report.')
    .argument('<path>', 'a template file (.json, .yaml, .yml), a cdk.out folder, or a folder of templates and cdk.out folders')
    .option('--packs <list>', 'comma-separated packs: nhs, aws-solutions, hipaa, nist-800-53-r5, or all', 'nhs')
    .option('--format <format>', 'text or json (one JSON object on stdout)', 'text')
    .option('--stack-tag <key=value>', 'a stack-level tag for rules that read stack tags, e.g. nhs:environment=prod (repeatable; a cdk.out folder supplies its own)', collectTag, {})
    .option('--region <region>', 'the region the template deploys to, for rules that read it (a cdk.out folder supplies its own)')
    .addHelpText('after', EXIT_HELP)
    .action((target: string, opts: { packs: string; format: string; stackTag: Record<string, string>; region?: string }) => {
      if (opts.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(opts.region)) throw new UserError(`--region must be an AWS region like eu-west-2; got '${opts.region}'.`);
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`--format must be text or json; got '${opts.format}'.`);
      const packs = parsePackList(opts.packs);
      const inputs = readCheckInputs(target);
      const templates = inputs.templates.map((t) => ({ ...t, stackTags: { ...(t.stackTags ?? {}), ...opts.stackTag }, region: opts.region ?? t.region }));
      const result = checkTemplates(templates, packs, { unreadable: inputs.unreadable, notes: inputs.notes });
      // One template that cannot be loaded is bad input: its paragraph alone, nothing on stdout.
      const only = result.templates.length === 1 ? result.templates[0] : undefined;
      if (only?.problem) throw new UserError(only.problem);
      io.out(opts.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatCheckText(result));
      const s = result.summary;
      if (s.exitCode === CHECK_EXIT_CODES.unreadable) throw new UserError(`rootstock check: ${s.unreadable} template(s) in ${target} could not be read (listed above).`, s.exitCode);
      if (s.exitCode === CHECK_EXIT_CODES.findings) throw new UserError(`rootstock check: ${s.errors} open error-level finding${s.errors === 1 ? '' : 's'} in ${target}.`, s.exitCode);
      if (s.exitCode === CHECK_EXIT_CODES.unchecked) {
        throw new UserError(`rootstock check: no open error-level finding, but ${s.unchecked} resource(s) in ${target} were not checked (listed above with how to get a template that can be).`, s.exitCode);
      }
    });
}

function collectTag(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UserError(`--stack-tag must look like key=value (e.g. nhs:environment=prod); got '${value}'.`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}
