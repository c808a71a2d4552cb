import type { Command } from 'commander';
import { checkTemplates, formatCheckText, parsePackList } from '../../check/check';
import { readTemplates } from '../../check/template';
import { UserError } from '../../errors';
import type { CliIo } from '../program';

/**
 * `rootstock check <path>`: runs the NHS pack (and optionally cdk-nag's packs) over a
 * CloudFormation template or every template in a cdk.out folder.
 *
 * Exit 0 with no error-level findings, 1 with any, 2 when the input cannot be read.
 */
export function registerCheck(program: Command, io: CliIo): void {
  program
    .command('check')
    .description('Check a CloudFormation template (JSON or YAML) or a cdk.out folder against the NHS rules and, with --packs, cdk-nag packs. Exits 1 on error-level findings.')
    .argument('<path>', 'a template file (.json, .yaml, .yml) or a cdk.out folder')
    .option('--packs <list>', 'comma-separated packs: nhs, aws-solutions, hipaa, nist-800-53-r5, or all', 'nhs')
    .option('--format <format>', 'text or json (one JSON object on stdout)', 'text')
    .option('--stack-tag <key=value>', 'a stack-level tag for rules that read stack tags, e.g. nhs:environment=prod (repeatable; a cdk.out folder supplies its own)', collectTag, {})
    .option('--region <region>', 'the region the template deploys to, for rules that read it (a cdk.out folder supplies its own)')
    .action((target: string, opts: { packs: string; format: string; stackTag: Record<string, string>; region?: string }) => {
      if (opts.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(opts.region)) throw new UserError(`--region must be an AWS region like eu-west-2; got '${opts.region}'.`);
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`--format must be text or json; got '${opts.format}'.`);
      const packs = parsePackList(opts.packs);
      const tags = Object.keys(opts.stackTag).length ? opts.stackTag : undefined;
      const result = checkTemplates(
        readTemplates(target).map((t) => ({ ...t, stackTags: { ...(t.stackTags ?? {}), ...(tags ?? {}) }, region: opts.region ?? t.region })),
        packs,
      );
      if (opts.format === 'json') {
        const findings = result.findings.map(({ ruleId, level, logicalId, resourceType, message, controls, template, pack }) => ({ ruleId, level, logicalId, resourceType, message, controls, template, pack }));
        io.out(`${JSON.stringify({ findings, summary: result.summary }, null, 2)}\n`);
      } else {
        io.out(formatCheckText(result));
      }
      if (!result.summary.passed) {
        throw new UserError(`rootstock check: ${result.summary.errors} error-level finding${result.summary.errors === 1 ? '' : 's'} in ${target}.`, 1);
      }
    });
}

function collectTag(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UserError(`--stack-tag must look like key=value (e.g. nhs:environment=prod); got '${value}'.`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}
