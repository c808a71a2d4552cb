import * as fs from 'fs';
import * as path from 'path';
import { parseAcknowledgementReason } from '../../policies/acknowledge';
import { CAF_VERSION, controlsCatalogue, type ControlsCatalogue } from '../../policies/controls';
import { UserError } from '../errors';
import { ROOTSTOCK_VERSION } from '../version';

/** A control's state in one stack. */
export type ControlStatus = 'met' | 'not met' | 'acknowledged' | 'not assessed';

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
  readonly status: 'passed' | 'failed' | 'acknowledged';
  readonly openFindings: number;
  readonly acknowledgedFindings: number;
}

/** One control's status in one stack, and the rules behind it. */
export interface EvidenceControl {
  readonly framework: 'DSPT' | 'NCSC';
  readonly id: string;
  readonly name: string;
  readonly status: ControlStatus;
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
  readonly summary: { readonly met: number; readonly notMet: number; readonly acknowledged: number; readonly notAssessed: number; readonly openFindings: number; readonly acknowledgedFindings: number };
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
  const manifest = readJson<{ artifacts?: Record<string, { type: string; properties?: Record<string, unknown>; metadata?: MetadataEntries; additionalMetadataFile?: string }> }>(
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
      logicalIds,
      template: readJson(path.join(dir, templateFile), 'The cloud assembly is incomplete: synthesise again.'),
    });
  }
  return stacks;
}

function stackOf(stacks: StackArtifact[], constructPath: string): StackArtifact | undefined {
  return stacks.find((s) => s.logicalIds.has(constructPath)) ?? stacks.find((s) => constructPath === s.id || constructPath.startsWith(`${s.id}/`));
}

function ackOf(v: ReportViolation, today: string): EvidenceAcknowledgement {
  const parsed = parseAcknowledgementReason(v.reason ?? '');
  const expired = parsed.expires !== undefined && parsed.expires < today;
  return { id: v.acknowledgedId ?? v.ruleName, reason: parsed.reason, approvedBy: parsed.approvedBy, expires: parsed.expires, acknowledgedAt: v.acknowledgedAt, expired };
}

/**
 * Builds evidence from a cdk.out folder: its validation-report.json (findings and
 * acknowledgements from every pack), templates and manifest (stacks, versions, logical ids).
 *
 * @throws UserError (exit 2) when the folder, manifest, report or a template is missing or invalid
 */
export function buildEvidence(cdkOut: string, options: { now?: Date; catalogue?: ControlsCatalogue } = {}): Evidence {
  if (!fs.existsSync(cdkOut) || !fs.statSync(cdkOut).isDirectory()) {
    throw new UserError(`${cdkOut}: no such folder. Pass the cdk.out folder written by \`npm run synth\` (cdk synth).`);
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
        const entry = plugin.pluginName === 'NhsTrustChecks' ? catalogue.ruleControls(v.ruleName) : undefined;
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
    const ruleResult = (ruleId: string): EvidenceRuleResult => {
      const mine = nhs.filter((f) => f.ruleId === ruleId);
      const open = mine.filter((f) => f.status === 'open').length;
      const acked = mine.length - open;
      return { ruleId, status: open > 0 ? 'failed' : acked > 0 ? 'acknowledged' : 'passed', openFindings: open, acknowledgedFindings: acked };
    };
    const controls: EvidenceControl[] = catalogue.controls.map((c) => {
      const rules = c.ruleIds.map(ruleResult);
      const status: ControlStatus =
        rules.length === 0 ? 'not assessed' : rules.some((r) => r.status === 'failed') ? 'not met' : rules.some((r) => r.status === 'acknowledged') ? 'acknowledged' : 'met';
      const acknowledgements = nhs
        .filter((f) => f.acknowledgement && c.ruleIds.includes(f.ruleId))
        .map((f) => ({ ...f.acknowledgement!, ruleId: f.ruleId, constructPath: f.constructPath }));
      return { framework: c.framework, id: c.id, name: c.name, status, rules, acknowledgements };
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
