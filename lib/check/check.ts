import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { controlsCatalogue, type ControlsCatalogue } from '../../policies/controls';
import { NhsTrustChecks } from '../../policies/nhs-trust-checks';
import { UserError } from '../errors';
import { readTemplates, type LoadedTemplate } from './template';

/** The packs `rootstock check` can run, by CLI name. */
export const CHECK_PACKS = {
  nhs: () => new NhsTrustChecks(),
  'aws-solutions': () => new AwsSolutionsChecks(),
  hipaa: () => new HIPAASecurityChecks(),
  'nist-800-53-r5': () => new NIST80053R5Checks(),
} as const;

/** A pack's CLI name: nhs, aws-solutions, hipaa, nist-800-53-r5. */
export type CheckPackName = keyof typeof CHECK_PACKS;

/** A control a finding bears on (NHS rules only). */
export interface FindingControl {
  readonly framework: 'DSPT' | 'NCSC';
  /** 'B3.c', or the principle number as text for NCSC ('2'). */
  readonly id: string;
  readonly name: string;
}

/** One finding: a rule a resource breaks. */
export interface CheckFinding {
  /** The rule id as the pack reports it: NHS-X, AwsSolutions-IAM5[Action::s3:*], ... */
  readonly ruleId: string;
  readonly level: 'error' | 'warning';
  /** The resource's logical id in the template. */
  readonly logicalId: string;
  /** The CloudFormation resource type. */
  readonly resourceType: string;
  /** What is wrong (the rule's cause). */
  readonly message: string;
  /** The DSPT outcomes and NCSC principles the rule evidences (empty for non-NHS packs). */
  readonly controls: readonly FindingControl[];
  /** The template the resource is in. */
  readonly template: string;
  /** The pack that reported it (CLI name). */
  readonly pack: CheckPackName;
}

/** Counts for a check run. */
export interface CheckSummary {
  readonly templates: number;
  readonly resources: number;
  readonly packs: readonly CheckPackName[];
  readonly errors: number;
  readonly warnings: number;
  /** True when no finding is error-level (what the exit code reflects). */
  readonly passed: boolean;
}

/** The result of checking one or more templates. */
export interface CheckResult {
  readonly findings: readonly CheckFinding[];
  readonly summary: CheckSummary;
}

/**
 * Parses `--packs`: a comma-separated list of pack names, or `all`.
 *
 * @throws UserError (exit 2) naming the unknown pack and the known ones
 */
export function parsePackList(text: string): CheckPackName[] {
  const known = Object.keys(CHECK_PACKS) as CheckPackName[];
  if (text.trim() === 'all') return known;
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UserError(`--packs: give at least one pack; known packs: ${known.join(', ')} (or all).`);
  for (const n of names) {
    if (!(known as string[]).includes(n)) throw new UserError(`--packs: unknown pack '${n}'. Known packs: ${known.join(', ')} (or all).`);
  }
  return [...new Set(names)] as CheckPackName[];
}

interface Included {
  readonly stack: Stack;
  /** construct path -> resource */
  readonly byPath: Map<string, { logicalId: string; type: string }>;
}

// CfnInclude reads from a file; tests and YAML inputs hand it JSON we already parsed.
function withTemplateFile<T>(template: Record<string, unknown>, use: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-check-'));
  try {
    const file = path.join(dir, 'template.json');
    fs.writeFileSync(file, JSON.stringify(template));
    return use(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Loads one template into a fresh App and Stack with CfnInclude, keeping logical ids.
 *
 * Parameters stay parameters (nothing to resolve); resource types CDK does not know (custom
 * and third-party types) load as plain CfnResources.
 *
 * @throws UserError (exit 2) when CfnInclude rejects the template (a dangling Ref, a bad intrinsic)
 */
export function includeTemplate(loaded: LoadedTemplate): Included {
  const app = new App();
  const stack = new Stack(app, 'Checked', { tags: loaded.stackTags, env: loaded.region ? { region: loaded.region } : undefined });
  let include: cfninc.CfnInclude;
  try {
    include = withTemplateFile(loaded.template, (templateFile) => new cfninc.CfnInclude(stack, 'Template', { templateFile, preserveLogicalIds: true }));
  } catch (e) {
    throw new UserError(`${loaded.file}: cannot load the template: ${(e as Error).message}. Check that every Ref, GetAtt and Condition names something the template defines.`);
  }
  const byPath = new Map<string, { logicalId: string; type: string }>();
  const resources = loaded.template.Resources as Record<string, { Type: string }>;
  for (const [logicalId, res] of Object.entries(resources)) {
    byPath.set(include.getResource(logicalId).node.path, { logicalId, type: res.Type });
  }
  return { stack, byPath };
}

function resourceOf(included: Included, constructPath: string): { logicalId: string; type: string } {
  const hit = included.byPath.get(constructPath);
  if (hit) return hit;
  // A pack may report a child path; fall back to the nearest included resource above it.
  const node = included.stack.node.tryFindChild('Template')?.node.findAll().find((c: IConstruct) => c.node.path === constructPath);
  if (node && CfnResource.isCfnResource(node)) return { logicalId: included.stack.resolve(node.logicalId) as string, type: node.cfnResourceType };
  return { logicalId: constructPath.split('/').pop() ?? constructPath, type: 'unknown' };
}

function toFindings(report: PolicyValidationPluginReport, pack: CheckPackName, included: Included, file: string, catalogue: ControlsCatalogue): CheckFinding[] {
  return report.violations.flatMap((v) => {
    const entry = pack === 'nhs' ? catalogue.ruleControls(v.ruleName) : undefined;
    const controls: FindingControl[] = entry
      ? [...entry.dspt.map((c) => ({ framework: 'DSPT' as const, id: c.id, name: c.name })), ...entry.ncsc.map((p) => ({ framework: 'NCSC' as const, id: String(p.id), name: p.name }))]
      : [];
    return v.violatingResources.map((r) => {
      const res = resourceOf(included, r.constructPath ?? '');
      return {
        ruleId: v.ruleName,
        level: v.severity === 'error' ? ('error' as const) : ('warning' as const),
        logicalId: res.logicalId,
        resourceType: res.type,
        message: v.description,
        controls,
        template: file,
        pack,
      };
    });
  });
}

/** Runs `packs` over already-read templates. @throws UserError (exit 2) when a template cannot be loaded */
export function checkTemplates(templates: readonly LoadedTemplate[], packs: readonly CheckPackName[] = ['nhs']): CheckResult {
  const catalogue = controlsCatalogue();
  const findings: CheckFinding[] = [];
  let resources = 0;
  for (const loaded of templates) {
    const included = includeTemplate(loaded);
    resources += included.byPath.size;
    for (const pack of packs) findings.push(...toFindings(CHECK_PACKS[pack]().validateScope(included.stack), pack, included, loaded.file, catalogue));
  }
  const errors = findings.filter((f) => f.level === 'error').length;
  return {
    findings,
    summary: { templates: templates.length, resources, packs: [...packs], errors, warnings: findings.length - errors, passed: errors === 0 },
  };
}

/** Checks a template file or every template in a cdk.out folder. @throws UserError (exit 2) for unreadable input */
export function checkPath(target: string, packs: readonly CheckPackName[] = ['nhs']): CheckResult {
  return checkTemplates(readTemplates(target), packs);
}

/** Human-readable findings, grouped by template and resource. */
export function formatCheckText(result: CheckResult): string {
  const lines: string[] = [];
  const byTemplate = new Map<string, CheckFinding[]>();
  for (const f of result.findings) byTemplate.set(f.template, [...(byTemplate.get(f.template) ?? []), f]);
  for (const [template, fs_] of byTemplate) {
    lines.push(template);
    const byResource = new Map<string, CheckFinding[]>();
    for (const f of fs_) byResource.set(f.logicalId, [...(byResource.get(f.logicalId) ?? []), f]);
    for (const [logicalId, list] of byResource) {
      lines.push(`  ${logicalId} (${list[0].resourceType})`);
      for (const f of list) {
        lines.push(`    ${f.level.padEnd(7)} ${f.ruleId}: ${f.message}`);
        if (f.controls.length) lines.push(`            controls: ${f.controls.map((c) => `${c.framework} ${c.id} ${c.name}`).join('; ')}`);
      }
    }
  }
  const s = result.summary;
  lines.push(
    `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'} in ${s.resources} resource${s.resources === 1 ? '' : 's'} of ${s.templates} template${s.templates === 1 ? '' : 's'} (packs: ${s.packs.join(', ')}).`,
  );
  return `${lines.join('\n')}\n`;
}
