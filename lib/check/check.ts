import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import type { IConstruct } from 'constructs';
import { controlsCatalogue, ncscControlId, type ControlsCatalogue } from '../../policies/controls';
import { PACKS, type PackName } from '../../policies/packs';
import { acknowledgementProblem, isLibraryAcknowledgement, readTemplateFile, type RecordedAcknowledgement } from '../assembly';
import { isUserError, UserError } from '../errors';
import type { LoadedTemplate, UnreadableTemplate } from './inputs';
import { prepareTemplate, SAM_FIX, SAM_TRANSFORM, type UncheckedResource } from './prepare';

/** A pack `rootstock check` can run: one that validates a construct tree in-process (every cdk-nag pack). */
interface CheckPack {
  readonly pluginName: string;
  create(): { validateScope(scope: IConstruct): PolicyValidationPluginReport };
}

type InProcessPackName = Exclude<PackName, 'control-tower'>;

/** The packs `rootstock check` can run, by CLI name: the pack registry's cdk-nag packs (not the file-based Control Tower validator). */
export const CHECK_PACKS: Readonly<Record<InProcessPackName, CheckPack>> = Object.fromEntries(
  // Every in-process pack of the registry is a cdk-nag NagPack, which validates a construct tree.
  PACKS.filter((p) => p.name !== 'control-tower').map((p) => [p.name, { pluginName: p.pluginName, create: () => p.create() as unknown as ReturnType<CheckPack['create']> }]),
) as Record<InProcessPackName, CheckPack>;

/** A pack's CLI name: nhs, aws-solutions, hipaa, nist-800-53-r5. */
export type CheckPackName = keyof typeof CHECK_PACKS;

/**
 * The exit codes of `rootstock check`, by what the run found (worst first: a run with unreadable
 * input exits 2, else open error-level findings 1, else resources not checked 3, else 0).
 */
export const CHECK_EXIT_CODES = { passed: 0, findings: 1, unreadable: 2, unchecked: 3 } as const;

/** A control a finding bears on (NHS rules only). */
export interface FindingControl {
  readonly framework: 'DSPT' | 'NCSC';
  /** The control id: `B3.c`, `NCSC-2`. */
  readonly id: string;
  readonly name: string;
}

/** The acknowledgement behind an acknowledged finding, as the cloud assembly records it. */
export interface FindingAcknowledgement extends RecordedAcknowledgement {
  /** One of the library's reviewed design acknowledgements, rather than the trust's own. */
  readonly library: boolean;
  /** Why it does not fully count (no approver, no expiry, expired), when it does not. */
  readonly problem?: string;
}

/** One finding: a rule a resource breaks. */
export interface CheckFinding {
  /** The rule id as the pack reports it: NHS-X, AwsSolutions-IAM5[Action::s3:*], ... */
  readonly ruleId: string;
  readonly level: 'error' | 'warning';
  /** `open`, or `acknowledged` in code (cloud assemblies only); an expired acknowledgement leaves it open. */
  readonly status: 'open' | 'acknowledged';
  /** The resource's logical id in the template. */
  readonly logicalId: string;
  readonly resourceType: string;
  /** What is wrong (the rule's cause). */
  readonly message: string;
  /** The DSPT outcomes and NCSC principles the rule evidences (empty for non-NHS packs). */
  readonly controls: readonly FindingControl[];
  /** The template the resource is in. */
  readonly template: string;
  /** The pack that reported it (CLI name). */
  readonly pack: CheckPackName;
  readonly acknowledgement?: FindingAcknowledgement;
}

/** How one template fared. */
export interface TemplateCheck {
  readonly template: string;
  /** What this template alone would exit with (see CHECK_EXIT_CODES). */
  readonly exitCode: number;
  readonly resources: number;
  /** Open error-level findings. */
  readonly errors: number;
  /** Open warning-level findings. */
  readonly warnings: number;
  readonly acknowledged: number;
  readonly unchecked: number;
  /** False for a bare template: it carries no acknowledgements, so none are known. */
  readonly acknowledgementsKnown: boolean;
  /** Why it could not be read or loaded (exit 2). */
  readonly problem?: string;
}

/** Counts for a check run. */
export interface CheckSummary {
  readonly templates: number;
  readonly resources: number;
  readonly packs: readonly CheckPackName[];
  /** Open error-level findings. */
  readonly errors: number;
  /** Open warning-level findings. */
  readonly warnings: number;
  readonly acknowledged: number;
  /** Resources (or template parts) that were not checked. */
  readonly unchecked: number;
  readonly unreadable: number;
  /** True when nothing is open at error level, nothing was left unchecked and everything was read. */
  readonly passed: boolean;
  readonly exitCode: number;
}

/** The result of checking one or more templates. */
export interface CheckResult {
  readonly findings: readonly CheckFinding[];
  readonly unchecked: readonly UncheckedResource[];
  readonly templates: readonly TemplateCheck[];
  /** What was left out and why (stale templates, files that are not templates). */
  readonly notes: readonly string[];
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

// CfnInclude reads from a file; the template is already parsed (and maybe expanded).
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
export function includeTemplate(loaded: Pick<LoadedTemplate, 'file' | 'template' | 'stackTags' | 'region'>): Included {
  const app = new App();
  const stack = new Stack(app, 'Checked', { tags: loaded.stackTags, env: loaded.region ? { region: loaded.region } : undefined });
  let include: cfninc.CfnInclude;
  try {
    include = withTemplateFile(loaded.template, (templateFile) => new cfninc.CfnInclude(stack, 'Template', { templateFile, preserveLogicalIds: true }));
  } catch (e) {
    throw new UserError(`${loaded.file}: cannot load the template: ${(e as Error).message}. Check that every Ref, GetAtt and Condition names something the template defines.`);
  }
  const byPath = new Map<string, { logicalId: string; type: string }>();
  const resources = (loaded.template.Resources ?? {}) as Record<string, { Type: string }>;
  for (const [logicalId, res] of Object.entries(resources)) byPath.set(include.getResource(logicalId).node.path, { logicalId, type: res.Type });
  return { stack, byPath };
}

function controlsOf(ruleId: string, pack: CheckPackName, catalogue: ControlsCatalogue): FindingControl[] {
  const entry = pack === 'nhs' ? catalogue.ruleControls(ruleId.replace(/\[.*$/, '')) : undefined;
  if (!entry) return [];
  return [...entry.dspt.map((c) => ({ framework: 'DSPT' as const, id: c.id, name: c.name })), ...entry.ncsc.map((p) => ({ framework: 'NCSC' as const, id: ncscControlId(p.id), name: p.name }))];
}

interface RunContext {
  readonly packs: readonly CheckPackName[];
  readonly catalogue: ControlsCatalogue;
  readonly today: string;
  readonly visited: Set<string>;
}

function acknowledgementOf(loaded: LoadedTemplate, pack: CheckPackName, ruleId: string, logicalId: string, today: string): FindingAcknowledgement | undefined {
  const constructPath = loaded.acknowledgements?.pathOf(logicalId);
  const ack = constructPath ? loaded.acknowledgements?.acknowledgementCovering(constructPath, `${CHECK_PACKS[pack].pluginName}::${ruleId}`) : undefined;
  return ack ? { ...ack, library: isLibraryAcknowledgement(ack), problem: acknowledgementProblem(ack, today) } : undefined;
}

function findingsOf(report: PolicyValidationPluginReport, pack: CheckPackName, included: Included, loaded: LoadedTemplate, ctx: RunContext): CheckFinding[] {
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r): CheckFinding => {
      const res = included.byPath.get(r.constructPath ?? '') ?? { logicalId: (r.constructPath ?? '').split('/').pop() ?? '', type: 'unknown' };
      const acknowledgement = acknowledgementOf(loaded, pack, v.ruleName, res.logicalId, ctx.today);
      // An acknowledgement that has expired no longer holds: synth fails on it too.
      const holds = acknowledgement !== undefined && !acknowledgement.problem?.startsWith('expired');
      return {
        ruleId: v.ruleName,
        level: v.severity === 'error' ? 'error' : 'warning',
        status: holds ? 'acknowledged' : 'open',
        logicalId: res.logicalId,
        resourceType: res.type,
        message: v.description,
        controls: controlsOf(v.ruleName, pack, ctx.catalogue),
        template: loaded.file,
        pack,
        acknowledgement,
      };
    }),
  );
}

function templateCheck(template: string, resources: number, findings: readonly CheckFinding[], unchecked: number, acknowledgementsKnown: boolean, problem?: string): TemplateCheck {
  const open = findings.filter((f) => f.status === 'open');
  const errors = open.filter((f) => f.level === 'error').length;
  const exitCode = problem ? CHECK_EXIT_CODES.unreadable : errors > 0 ? CHECK_EXIT_CODES.findings : unchecked > 0 ? CHECK_EXIT_CODES.unchecked : CHECK_EXIT_CODES.passed;
  return { template, exitCode, resources, errors, warnings: open.length - errors, acknowledged: findings.length - open.length, unchecked, acknowledgementsKnown, problem };
}

interface Checked {
  findings: CheckFinding[];
  unchecked: UncheckedResource[];
  templates: TemplateCheck[];
}

function checkOne(loaded: LoadedTemplate, ctx: RunContext): Checked {
  const out: Checked = { findings: [], unchecked: [], templates: [] };
  const known = loaded.acknowledgements !== undefined;
  const prepared = prepareTemplate(loaded.template, loaded.file, loaded.baseDir ?? path.dirname(loaded.file));
  let included: Included;
  try {
    included = includeTemplate({ ...loaded, template: prepared.template });
  } catch (e) {
    if (!isUserError(e)) throw e;
    if (prepared.rewrittenBy) {
      // A template that refers to what its transform creates (SAM's ServerlessRestApi, a macro's output) cannot load as written.
      const by = prepared.rewrittenBy;
      const detail = e.message.replace(`${loaded.file}: cannot load the template: `, '').replace(/\. Check that every Ref.*$/, '');
      out.unchecked.push({
        template: loaded.file,
        logicalId: '(whole template)',
        resourceType: by,
        why: `it refers to what the ${by} transform makes at deploy time, so it cannot be loaded as written (${detail})`,
        fix: by === SAM_TRANSFORM ? SAM_FIX : 'Check the processed template: `aws cloudformation get-template --stack-name <stack> --template-stage Processed`.',
      });
      out.templates.push(templateCheck(loaded.file, 0, [], 1, known));
      return out;
    }
    out.templates.push(templateCheck(loaded.file, 0, [], 0, known, e.message));
    return out;
  }
  // Resources the transform rewrites are listed as not checked; what the packs say of them as written means nothing.
  const rewritten = new Set(prepared.unchecked.filter((u) => u.resourceType.startsWith('AWS::Serverless::')).map((u) => u.logicalId));
  const findings = ctx.packs
    .flatMap((pack) => findingsOf(CHECK_PACKS[pack].create().validateScope(included.stack), pack, included, loaded, ctx))
    .filter((f) => !rewritten.has(f.logicalId));
  out.findings.push(...findings);
  out.unchecked.push(...prepared.unchecked);
  out.templates.push(templateCheck(loaded.file, included.byPath.size, findings, prepared.unchecked.length, known));
  for (const child of prepared.nested) {
    const relative = path.relative(loaded.baseDir ?? path.dirname(loaded.file), child.file).split(path.sep).join('/');
    const name = `${loaded.file} > ${child.logicalId} (${relative})`;
    if (ctx.visited.has(child.file)) continue;
    ctx.visited.add(child.file);
    let template: Record<string, unknown>;
    try {
      template = readTemplateFile(child.file) as Record<string, unknown>;
    } catch (e) {
      if (!isUserError(e)) throw e;
      out.templates.push(templateCheck(name, 0, [], 0, false, e.message));
      continue;
    }
    // A nested template is plain CloudFormation: the parent's stack tags and region, no acknowledgements.
    const nested = checkOne({ file: name, template, stackTags: loaded.stackTags, region: loaded.region, baseDir: path.dirname(child.file) }, ctx);
    out.findings.push(...nested.findings);
    out.unchecked.push(...nested.unchecked);
    out.templates.push(...nested.templates);
  }
  return out;
}

/** Options of {@link checkTemplates}. */
export interface CheckOptions {
  /** Files of a folder that could not be read: reported per template, exit 2. @default - none */
  readonly unreadable?: readonly UnreadableTemplate[];
  /** Notes on what was left out, carried into the result. @default - none */
  readonly notes?: readonly string[];
  /** The day acknowledgements are judged on. @default - today */
  readonly now?: Date;
}

/**
 * Runs `packs` over already-read templates in this process, one combined result: findings (open,
 * or acknowledged where the cloud assembly records an acknowledgement in code), the resources
 * that could not be checked, and each template's own outcome and exit code. Nested stacks with
 * local templates are checked as templates of their own; a template CfnInclude cannot load is
 * reported (exit 2) without stopping the others.
 */
export function checkTemplates(templates: readonly LoadedTemplate[], packs: readonly CheckPackName[] = ['nhs'], options: CheckOptions = {}): CheckResult {
  const ctx: RunContext = { packs, catalogue: controlsCatalogue(), today: (options.now ?? new Date()).toISOString().slice(0, 10), visited: new Set() };
  const all: Checked = { findings: [], unchecked: [], templates: [] };
  for (const loaded of templates) {
    const one = checkOne(loaded, ctx);
    all.findings.push(...one.findings);
    all.unchecked.push(...one.unchecked);
    all.templates.push(...one.templates);
  }
  for (const u of options.unreadable ?? []) all.templates.push(templateCheck(u.file, 0, [], 0, false, u.problem));
  const sum = (k: 'resources' | 'errors' | 'warnings' | 'acknowledged' | 'unchecked') => all.templates.reduce((n, t) => n + t[k], 0);
  const unreadable = all.templates.filter((t) => t.problem).length;
  const errors = sum('errors');
  const unchecked = sum('unchecked');
  const exitCode = unreadable > 0 ? CHECK_EXIT_CODES.unreadable : errors > 0 ? CHECK_EXIT_CODES.findings : unchecked > 0 ? CHECK_EXIT_CODES.unchecked : CHECK_EXIT_CODES.passed;
  return {
    findings: all.findings,
    unchecked: all.unchecked,
    templates: all.templates,
    notes: [...(options.notes ?? [])],
    summary: { templates: all.templates.length, resources: sum('resources'), packs: [...packs], errors, warnings: sum('warnings'), acknowledged: sum('acknowledged'), unchecked, unreadable, passed: exitCode === 0, exitCode },
  };
}
