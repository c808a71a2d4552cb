import * as fs from 'fs';
import * as path from 'path';
import { parseAcknowledgementReason } from '../../policies/acknowledge';
import { CAF_VERSION, controlsCatalogue, type ControlsCatalogue } from '../../policies/controls';
import { UserError } from '../errors';
import { ruleApplicability, type RuleApplicability } from './applicability';
import { ROOTSTOCK_VERSION } from '../version';

/**
 * A control's state in one stack: 'met' needs at least one of its rules to have judged a
 * resource and passed; 'not applicable' means its rules found nothing in scope in the stack;
 * 'not assessed' means no NHS rule evidences the control at all.
 */
export type ControlStatus = 'met' | 'not met' | 'acknowledged' | 'not applicable' | 'not assessed';

/** One NHS rule's outcome in one stack ('not applicable': no resource in the stack is in its scope). */
export type RuleStatus = 'passed' | 'failed' | 'acknowledged' | 'not applicable';

/** Who accepted a finding, why, and until when. */
export interface EvidenceAcknowledgement {
  /** The id as recorded: `NhsTrustChecks::NHS-X`. */
  readonly id: string;
  readonly reason: string;
  /** Absent for acknowledgements made without the `acknowledge()` helper. */
  readonly approvedBy?: string;
  /** ISO date; absent for acknowledgements made without the `acknowledge()` helper. */
  readonly expires?: string;
  /** The construct path the acknowledgement was made on. */
  readonly acknowledgedAt?: string;
  /** True when the expiry date is before the evidence date (synth fails on these; review it). */
  readonly expired: boolean;
}

/** One finding from any pack, open or acknowledged. */
export interface EvidenceFinding {
  /** The validation plugin: NhsTrustChecks, AwsSolutions, HIPAA.Security, NIST.800.53.R5, ... */
  readonly pack: string;
  readonly ruleId: string;
  readonly level: string;
  readonly status: 'open' | 'acknowledged';
  readonly constructPath: string;
  readonly logicalId?: string;
  readonly resourceType?: string;
  readonly message: string;
  /** DSPT and NCSC control ids the rule evidences (NHS rules only): 'B3.c', 'NCSC-2'. */
  readonly controls: readonly string[];
  readonly acknowledgement?: EvidenceAcknowledgement;
}

/** One rule's outcome in one stack. */
export interface EvidenceRuleResult {
  readonly ruleId: string;
  readonly status: RuleStatus;
  readonly openFindings: number;
  readonly acknowledgedFindings: number;
  /** Resources of the stack the rule applied to (did not return NOT_APPLICABLE for), from evaluating the template. */
  readonly resourcesChecked: number;
}

/** One control's status in one stack, and the rules behind it. */
export interface EvidenceControl {
  readonly framework: 'DSPT' | 'NCSC';
  readonly id: string;
  readonly name: string;
  readonly status: ControlStatus;
  /** Distinct resources of the stack that at least one of the control's rules applied to. */
  readonly resourcesChecked: number;
  readonly rules: readonly EvidenceRuleResult[];
  /** The acknowledgements that make this control 'acknowledged' (or stand beside open findings). */
  readonly acknowledgements: readonly (EvidenceAcknowledgement & { readonly ruleId: string; readonly constructPath: string })[];
}

/** Evidence for one synthesised stack. */
export interface StackEvidence {
  /** The cloud assembly artifact id (the stack's name in cdk.out). */
  readonly stack: string;
  readonly templateFile: string;
  /** The Rootstock version stamped on the stack (tag `rootstock:version` or template metadata), if any. */
  readonly rootstockVersion?: string;
  readonly odsCode?: string;
  readonly environment?: string;
  readonly controls: readonly EvidenceControl[];
  readonly findings: readonly EvidenceFinding[];
  readonly summary: {
    readonly met: number;
    readonly notMet: number;
    readonly acknowledged: number;
    /** Controls whose rules had no resource in scope in this stack. */
    readonly notApplicable: number;
    readonly notAssessed: number;
    readonly openFindings: number;
    readonly acknowledgedFindings: number;
  };
}

/** The whole evidence document (evidence.json). */
export interface Evidence {
  readonly generatedAt: string;
  /** The Rootstock version that produced the evidence (its rules and catalogue). */
  readonly generatorVersion: string;
  readonly cafVersion: string;
  readonly cloudAssembly: string;
  /** Plugins that reported at least one finding or acknowledgement. */
  readonly packsReporting: readonly string[];
  readonly stacks: readonly StackEvidence[];
}

interface ReportViolation {
  ruleName: string;
  description?: string;
  severity?: string;
  violatingConstructs?: Array<{ constructPath?: string; cloudFormationResource?: { logicalId?: string; templatePath?: string } }>;
  acknowledgedId?: string;
  reason?: string;
  acknowledgedAt?: string;
}

interface ReportJson {
  pluginReports: Array<{ pluginName: string; violations?: ReportViolation[]; suppressedViolations?: ReportViolation[] }>;
}

interface StackArtifact {
  id: string;
  dir: string;
  templateFile: string;
  tags: Record<string, string>;
  /** The region from the artifact's environment; undefined when environment-agnostic. */
  region?: string;
  /** construct path without leading '/' -> logical id */
  logicalIds: Map<string, string>;
  template: { Resources?: Record<string, { Type?: string }>; Metadata?: { Rootstock?: { version?: string; odsCode?: string; environment?: string } } };
}

function readJson<T>(file: string, what: string): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`${file}: missing. ${what}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message}). Synthesise again (npm run synth) to rewrite it.`);
  }
}

type MetadataEntries = Record<string, Array<{ type: string; data?: unknown }>>;

function loadStacks(dir: string): StackArtifact[] {
  const manifest = readJson<{ artifacts?: Record<string, { type: string; environment?: string; properties?: Record<string, unknown>; metadata?: MetadataEntries; additionalMetadataFile?: string }> }>(
    path.join(dir, 'manifest.json'),
    'Not a cdk.out folder: pass the folder `cdk synth` wrote (cdk.out).',
  );
  const stacks: StackArtifact[] = [];
  for (const [id, art] of Object.entries(manifest.artifacts ?? {})) {
    if (art.type === 'cdk:cloud-assembly' && typeof art.properties?.directoryName === 'string') {
      stacks.push(...loadStacks(path.join(dir, art.properties.directoryName)));
      continue;
    }
    if (art.type !== 'aws:cloudformation:stack') continue;
    const templateFile = String(art.properties?.templateFile ?? `${id}.template.json`);
    const metadata: MetadataEntries = { ...(art.metadata ?? {}) };
    if (art.additionalMetadataFile) Object.assign(metadata, readJson<MetadataEntries>(path.join(dir, art.additionalMetadataFile), 'Synthesise again (npm run synth).'));
    const logicalIds = new Map<string, string>();
    for (const [p, entries] of Object.entries(metadata)) {
      for (const e of entries) if (e.type === 'aws:cdk:logicalId' && typeof e.data === 'string') logicalIds.set(p.replace(/^\//, ''), e.data);
    }
    stacks.push({
      id,
      dir,
      templateFile,
      tags: (art.properties?.tags as Record<string, string>) ?? {},
      region: /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(art.environment ?? '')?.[1]?.replace(/^unknown-region$/, '') || undefined,
      logicalIds,
      template: readJson(path.join(dir, templateFile), 'The cloud assembly is incomplete: synthesise again.'),
    });
  }
  return stacks;
}

function stackOf(stacks: StackArtifact[], constructPath: string): StackArtifact | undefined {
  return stacks.find((s) => s.logicalIds.has(constructPath)) ?? stacks.find((s) => constructPath === s.id || constructPath.startsWith(`${s.id}/`));
}

/** The rule a reported id belongs to: findings of rules that return a list carry a suffix, `NHS-X[us-east-1]`. */
function baseRuleId(ruleName: string): string {
  return ruleName.replace(/\[.*\]$/, '');
}

function ackOf(v: ReportViolation, today: string): EvidenceAcknowledgement {
  const parsed = parseAcknowledgementReason(v.reason ?? '');
  const expired = parsed.expires !== undefined && parsed.expires < today;
  return { id: v.acknowledgedId ?? v.ruleName, reason: parsed.reason, approvedBy: parsed.approvedBy, expires: parsed.expires, acknowledgedAt: v.acknowledgedAt, expired };
}

/** Where each NHS rule applied in one stack's template (an empty template applies nothing). */
function applicabilityOf(s: StackArtifact, cdkOut: string, catalogue: ControlsCatalogue): Map<string, RuleApplicability> {
  if (Object.keys(s.template.Resources ?? {}).length === 0) return new Map();
  const file = path.relative(cdkOut, path.join(s.dir, s.templateFile));
  return ruleApplicability({ file, template: s.template as Record<string, unknown>, stackTags: s.tags, region: s.region }, catalogue.rules.map((r) => r.rule));
}

/**
 * Builds evidence from a cdk.out folder: its validation-report.json (findings and
 * acknowledgements from every pack), templates and manifest (stacks, versions, logical ids).
 * Each stack's template is also loaded once with CfnInclude and every NHS rule run over every
 * resource, only to learn which rules had anything in scope: a control with no findings is 'met'
 * when one of its rules applied to a resource and 'not applicable' when none did.
 *
 * @throws UserError (exit 2) when the folder, manifest, report or a template is missing or invalid
 */
export function buildEvidence(cdkOut: string, options: { now?: Date; catalogue?: ControlsCatalogue } = {}): Evidence {
  if (!fs.existsSync(cdkOut)) {
    throw new UserError(`${cdkOut}: no such folder. Pass the cdk.out folder written by \`npm run synth\` (cdk synth).`);
  }
  if (!fs.statSync(cdkOut).isDirectory()) {
    throw new UserError(
      `${cdkOut}: is a file, not a folder. Evidence is built from a whole cloud assembly: pass the cdk.out folder written by \`npm run synth\` (cdk synth), ` +
        'which holds manifest.json, the stack templates and validation-report.json. To check a single template, use rootstock check <template>.',
    );
  }
  const stacks = loadStacks(cdkOut);
  if (stacks.length === 0) throw new UserError(`${cdkOut}: the cloud assembly has no stacks. Synthesise the trust stacks first (npm run synth).`);
  const report = readJson<ReportJson>(
    path.join(cdkOut, 'validation-report.json'),
    'Synthesise with the compliance packs registered (npm run synth, which registers them through addCompliancePacks) so CDK writes the validation report.',
  );
  if (!Array.isArray(report.pluginReports)) throw new UserError(`${path.join(cdkOut, 'validation-report.json')}: has no pluginReports list; it is not a CDK validation report. Synthesise again.`);
  const catalogue = options.catalogue ?? controlsCatalogue();
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);

  const findingsByStack = new Map<string, EvidenceFinding[]>(stacks.map((s) => [s.id, []]));
  for (const plugin of report.pluginReports) {
    const add = (v: ReportViolation, acknowledged: boolean) => {
      for (const c of v.violatingConstructs ?? []) {
        const constructPath = c.constructPath ?? '';
        const stack = stackOf(stacks, constructPath);
        if (!stack) continue;
        const logicalId = c.cloudFormationResource?.logicalId ?? stack.logicalIds.get(constructPath);
        const entry = plugin.pluginName === 'NhsTrustChecks' ? catalogue.ruleControls(baseRuleId(v.ruleName)) : undefined;
        findingsByStack.get(stack.id)!.push({
          pack: plugin.pluginName,
          ruleId: v.ruleName,
          level: v.severity ?? 'error',
          status: acknowledged ? 'acknowledged' : 'open',
          constructPath,
          logicalId,
          resourceType: logicalId ? stack.template.Resources?.[logicalId]?.Type : undefined,
          message: v.description ?? '',
          controls: entry ? [...entry.dspt.map((d) => d.id), ...entry.ncsc.map((n) => `NCSC-${n.id}`)] : [],
          acknowledgement: acknowledged ? ackOf(v, today) : undefined,
        });
      }
    };
    for (const v of plugin.violations ?? []) add(v, false);
    for (const v of plugin.suppressedViolations ?? []) add(v, true);
  }

  const evidenceStacks: StackEvidence[] = stacks.map((s) => {
    const findings = findingsByStack.get(s.id)!;
    const nhs = findings.filter((f) => f.pack === 'NhsTrustChecks');
    // Failures and acknowledgements come from the report; the template only says what was in scope.
    const scope = applicabilityOf(s, cdkOut, catalogue);
    const ruleResult = (ruleId: string): EvidenceRuleResult => {
      const mine = nhs.filter((f) => baseRuleId(f.ruleId) === ruleId);
      const open = mine.filter((f) => f.status === 'open').length;
      const acked = mine.length - open;
      const resourcesChecked = scope.get(ruleId)?.resources.length ?? 0;
      const status: RuleStatus = open > 0 ? 'failed' : acked > 0 ? 'acknowledged' : resourcesChecked > 0 ? 'passed' : 'not applicable';
      return { ruleId, status, openFindings: open, acknowledgedFindings: acked, resourcesChecked };
    };
    const controls: EvidenceControl[] = catalogue.controls.map((c) => {
      const rules = c.ruleIds.map(ruleResult);
      const has = (st: RuleStatus) => rules.some((r) => r.status === st);
      const status: ControlStatus =
        rules.length === 0 ? 'not assessed' : has('failed') ? 'not met' : has('acknowledged') ? 'acknowledged' : has('passed') ? 'met' : 'not applicable';
      const resourcesChecked = new Set(c.ruleIds.flatMap((r) => scope.get(r)?.resources ?? [])).size;
      const acknowledgements = nhs
        .filter((f) => f.acknowledgement && c.ruleIds.includes(baseRuleId(f.ruleId)))
        .map((f) => ({ ...f.acknowledgement!, ruleId: f.ruleId, constructPath: f.constructPath }));
      return { framework: c.framework, id: c.id, name: c.name, status, resourcesChecked, rules, acknowledgements };
    });
    const meta = s.template.Metadata?.Rootstock;
    const count = (st: ControlStatus) => controls.filter((c) => c.status === st).length;
    return {
      stack: s.id,
      templateFile: path.relative(cdkOut, path.join(s.dir, s.templateFile)),
      rootstockVersion: s.tags['rootstock:version'] ?? meta?.version,
      odsCode: s.tags['nhs:ods-code'] ?? meta?.odsCode,
      environment: s.tags['nhs:environment'] ?? meta?.environment,
      controls,
      findings,
      summary: {
        met: count('met'),
        notMet: count('not met'),
        acknowledged: count('acknowledged'),
        notApplicable: count('not applicable'),
        notAssessed: count('not assessed'),
        openFindings: findings.filter((f) => f.status === 'open').length,
        acknowledgedFindings: findings.filter((f) => f.status === 'acknowledged').length,
      },
    };
  });

  return {
    generatedAt: now.toISOString(),
    generatorVersion: ROOTSTOCK_VERSION,
    cafVersion: CAF_VERSION,
    cloudAssembly: cdkOut,
    packsReporting: report.pluginReports.map((p) => p.pluginName),
    stacks: evidenceStacks,
  };
}
