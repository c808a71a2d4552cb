import * as fs from 'fs';
import { CAF_VERSION, controlsCatalogue, type ControlsCatalogue } from '../../policies/controls';
import {
  acknowledgementProblem, disabledSecurityServices, isLibraryAcknowledgement, readCloudAssembly, stackOfConstructPath,
  VALIDATION_REPORT_FILE, type AssemblyStack, type CloudAssembly, type ReportedViolation,
} from '../assembly';
import { UserError } from '../errors';
import { ROOTSTOCK_VERSION } from '../version';
import { ruleApplicability } from './applicability';
import type { ControlId } from '../../policies/control-ids';
import { controlStatus, MINIMUM_RULES_FOR_MET, type ControlStatus } from '../../policies/control-status';
import type { EvidenceAcknowledgement, EvidenceControl, EvidenceFinding, EvidenceRuleResult, Evidence, PackEvidence, ServiceOffEvidence, StackEvidence } from './evidence-types';
import { EVIDENCE_PACKS, NHS_PLUGIN } from './packs';
import { SECURITY_SERVICE_ROLES, securityServiceRole } from './security-services';

export * from './evidence-types';
export type { ControlStatus } from '../../policies/control-status';

/** What each control status means, as the report prints it. */
export const STATUS_DEFINITIONS: Readonly<Record<ControlStatus, string>> = {
  met: `every NHS rule mapped to it that applied passed on every resource it judged, and at least ${MINIMUM_RULES_FOR_MET} distinct rules applied`,
  'partially evidenced': `everything that applied passed, but fewer than ${MINIMUM_RULES_FOR_MET} distinct rules applied: not enough to call it met`,
  'not met': 'a mapped rule has an open finding, could not evaluate a resource, or has an acknowledgement without a reason, an approver or an unexpired expiry',
  acknowledged: 'every failure of its rules is accepted with a reason, an approver and an expiry date, and everything else passed',
  'not applicable': 'no resource of the stack is of a type its rules judge: nothing is evidenced either way',
  'not assessed': 'the NHS pack did not run on the stack (no pack-run record), or no NHS rule evidences the control: evidence it by other means',
};

const baseRuleId = (ruleName: string) => ruleName.replace(/\[.*$/, '');

interface Reported {
  findings: EvidenceFinding[];
  acknowledgements: EvidenceAcknowledgement[];
}

/** Sorts acknowledgements soonest expiry first (none recorded last), then by rule and resource. */
function bySoonestExpiry(a: EvidenceAcknowledgement, b: EvidenceAcknowledgement): number {
  return (a.expires ?? '9999').localeCompare(b.expires ?? '9999') || a.ruleId.localeCompare(b.ruleId) || a.resource.localeCompare(b.resource);
}

/** The report's findings and acknowledgements, sorted into the stacks they are in. */
function reportedByStack(assembly: CloudAssembly, catalogue: ControlsCatalogue, today: string): Map<AssemblyStack, Reported> {
  const out = new Map<AssemblyStack, Reported>(assembly.stacks.map((s) => [s, { findings: [], acknowledgements: [] }]));
  const add = (v: ReportedViolation) => {
    for (const r of v.resources) {
      const stack = stackOfConstructPath(assembly, r.constructPath);
      if (!stack) continue;
      const logicalId = r.logicalId ?? stack.metadata.logicalIdOf(r.constructPath);
      const entry = v.plugin === NHS_PLUGIN ? catalogue.ruleControls(baseRuleId(v.ruleName)) : undefined;
      const bucket = out.get(stack)!;
      bucket.findings.push({
        pack: v.plugin,
        ruleId: v.ruleName,
        level: v.severity,
        status: v.acknowledgement ? 'acknowledged' : 'open',
        constructPath: r.constructPath,
        logicalId,
        resourceType: logicalId ? stack.template.Resources?.[logicalId]?.Type : undefined,
        message: v.description,
        controls: entry ? [...entry.dspt.map((d) => d.id), ...entry.ncsc.map((n) => `NCSC-${n.id}`)] : [],
      });
      if (v.acknowledgement) {
        const a = v.acknowledgement;
        bucket.acknowledgements.push({ plugin: v.plugin, ruleId: v.ruleName, resource: r.constructPath, logicalId, ...a, library: isLibraryAcknowledgement(a), problem: acknowledgementProblem(a, today) });
      }
    }
  };
  for (const plugin of assembly.validationReport?.plugins ?? []) {
    plugin.violations.forEach(add);
    plugin.suppressed.forEach(add);
  }
  for (const r of out.values()) r.acknowledgements.sort(bySoonestExpiry);
  return out;
}

function packsOf(stack: AssemblyStack, reported: Reported): PackEvidence[] {
  const plugins = [...EVIDENCE_PACKS.map((p) => p.plugin), ...stack.packRuns.map((r) => r.plugin).filter((p) => !EVIDENCE_PACKS.some((e) => e.plugin === p))];
  return plugins.map((plugin) => {
    const known = EVIDENCE_PACKS.find((p) => p.plugin === plugin);
    const label = known?.label ?? plugin;
    const mine = reported.findings.filter((f) => f.pack === plugin);
    const counts = { openFindings: mine.filter((f) => f.status === 'open').length, acknowledgedFindings: mine.filter((f) => f.status === 'acknowledged').length };
    const run = stack.packRuns.find((r) => r.plugin === plugin);
    if (run) return { plugin, label, ran: true, version: run.pluginVersion, ruleCount: run.ruleCount, ruleListVersion: run.ruleListVersion, resourcesChecked: run.resourcesChecked, ...counts };
    const stale = stack.stalePackRuns.some((r) => r.plugin === plugin) ? ' (its record is from an earlier synth: the template was written again since, without it)' : '';
    const reportedOnly = mine.length > 0 ? ` (it reported ${mine.length} finding(s), but which rules and resources it covered is not recorded)` : '';
    return { plugin, label, ran: false, ...counts, notAssessed: `not assessed: the ${label} did not run on ${stack.displayName}${stale || reportedOnly}; ${known?.howToRun ?? 'register it and synthesise again'}` };
  });
}

function controlsOf(stack: AssemblyStack, reported: Reported, catalogue: ControlsCatalogue, nhs: PackEvidence, today: string): EvidenceControl[] {
  const run = stack.packRuns.find((r) => r.plugin === NHS_PLUGIN);
  const packRan = run?.rules !== undefined;
  const scope = packRan && Object.keys(stack.template.Resources ?? {}).length > 0
    ? ruleApplicability({ file: stack.templatePath, template: stack.template as Record<string, unknown>, stackTags: { ...stack.tags }, region: stack.region }, catalogue.rules.map((r) => r.rule))
    : new Map<string, { resources: readonly string[] }>();
  const nhsFindings = reported.findings.filter((f) => f.pack === NHS_PLUGIN);
  const ruleResult = (ruleId: string): EvidenceRuleResult & { acks: EvidenceAcknowledgement[] } => {
    const mine = nhsFindings.filter((f) => baseRuleId(f.ruleId) === ruleId);
    const openFindings = mine.filter((f) => f.status === 'open').length;
    const acks = reported.acknowledgements.filter((a) => a.plugin === NHS_PLUGIN && baseRuleId(a.ruleId) === ruleId);
    const counts = run?.rules?.get(ruleId);
    const status: EvidenceRuleResult['status'] = !packRan
      ? 'not assessed'
      : openFindings > 0 ? 'failed' : (counts?.errors ?? 0) > 0 ? 'could not evaluate' : acks.length > 0 ? 'acknowledged' : (counts ? counts.compliant + counts.nonCompliant + counts.errors : 0) > 0 ? 'passed' : 'not applicable';
    return { ruleId, status, counts, openFindings, acknowledgedFindings: acks.length, resources: scope.get(ruleId)?.resources ?? [], acks };
  };
  const disabled = disabledSecurityServices(stack);
  return catalogue.controls.map((c) => {
    const rules = c.ruleIds.map(ruleResult);
    const assessed = controlStatus({
      // The catalogue also lists objectives and principles (no rule cites them); the id is only echoed back.
      controlId: c.id as ControlId,
      packRan,
      today,
      rules: rules.map((r) => ({ ruleId: r.ruleId, counts: r.counts, openFindings: r.openFindings, acknowledged: r.acks.map((a) => ({ resource: a.resource, reason: a.reason, approvedBy: a.approvedBy, expires: a.expires })) })),
    });
    const why = assessed.status === 'not assessed' && !packRan ? `${nhs.notAssessed ?? 'not assessed'}` : assessed.why;
    const turnedOff = disabled.flatMap((d) => {
      const served = securityServiceRole(d.service)?.serves[c.id];
      return served ? [{ service: d.service, label: securityServiceRole(d.service)!.label, reason: d.reason, served }] : [];
    });
    return {
      framework: c.framework,
      id: c.id,
      name: c.name,
      status: assessed.status,
      why,
      resourcesJudged: assessed.resourcesJudged,
      claimed: c.claimed,
      rules: rules.map(({ acks: _acks, ...r }) => ({ ...r, justification: catalogue.ruleControls(r.ruleId)?.mappings.find((m) => m.controlId === c.id)?.justification })),
      acknowledgements: rules.flatMap((r) => r.acks),
      turnedOff,
    };
  });
}

function servicesOff(stack: AssemblyStack): ServiceOffEvidence[] {
  return disabledSecurityServices(stack).map((d) => {
    const role = SECURITY_SERVICE_ROLES.find((r) => r.service === d.service);
    return { service: d.service, label: role?.label ?? d.service, reason: d.reason, controls: Object.keys(role?.serves ?? {}) };
  });
}

/**
 * Builds evidence from a cloud assembly (read through lib/assembly): per stack, which packs
 * provably ran (pack-run records) and which were not assessed; every DSPT outcome and NCSC
 * principle with its status (see STATUS_DEFINITIONS: nothing is met unless the NHS pack's record
 * shows its rules judged the stack's resources), the rules, resources and acknowledgements behind
 * it and any security service turned off that served it; every finding and acknowledgement.
 *
 * @throws UserError (exit 2) when the folder, manifest, report, a template or a record is missing or invalid
 */
export function buildEvidence(cdkOut: string, options: { now?: Date; catalogue?: ControlsCatalogue } = {}): Evidence {
  if (fs.existsSync(cdkOut) && !fs.statSync(cdkOut).isDirectory()) {
    throw new UserError(
      `${cdkOut}: is a file, not a folder. Evidence is built from a whole cloud assembly: pass the cdk.out folder written by \`npm run synth\` (cdk synth), ` +
        'which holds manifest.json, the stack templates, validation-report.json and the pack-run records. To check a single template, use rootstock check <template>.',
    );
  }
  const assembly = readCloudAssembly(cdkOut);
  if (assembly.stacks.length === 0) throw new UserError(`${cdkOut}: the cloud assembly has no stacks. Synthesise the trust stacks first (npm run synth).`);
  if (!assembly.validationReport) {
    throw new UserError(`${cdkOut}/${VALIDATION_REPORT_FILE}: no such file. Synthesise with the compliance packs registered (npm run synth registers them) so CDK writes the validation report.`);
  }
  const catalogue = options.catalogue ?? controlsCatalogue();
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const reported = reportedByStack(assembly, catalogue, today);
  const stacks = assembly.stacks.map((s): StackEvidence => {
    const r = reported.get(s)!;
    const packs = packsOf(s, r);
    const controls = controlsOf(s, r, catalogue, packs.find((p) => p.plugin === NHS_PLUGIN)!, today);
    const count = (st: ControlStatus) => controls.filter((c) => c.status === st).length;
    return {
      stack: s.displayName,
      stackName: s.stackName,
      templateFile: s.templatePath,
      rootstockVersion: s.rootstock.version,
      odsCode: s.rootstock.odsCode,
      environment: s.rootstock.environment,
      packs,
      controls,
      findings: r.findings,
      acknowledgements: r.acknowledgements,
      securityServicesOff: servicesOff(s),
      summary: {
        met: count('met'),
        partiallyEvidenced: count('partially evidenced'),
        notMet: count('not met'),
        acknowledged: count('acknowledged'),
        notApplicable: count('not applicable'),
        notAssessed: count('not assessed'),
        openFindings: r.findings.filter((f) => f.status === 'open').length,
        acknowledgedFindings: r.acknowledgements.length,
        trustAcknowledgements: r.acknowledgements.filter((a) => !a.library).length,
        libraryAcknowledgements: r.acknowledgements.filter((a) => a.library).length,
        packsRan: packs.filter((p) => p.ran).length,
      },
    };
  });
  return { generatedAt: now.toISOString(), generatorVersion: ROOTSTOCK_VERSION, cafVersion: CAF_VERSION, cloudAssembly: cdkOut, statusDefinitions: STATUS_DEFINITIONS, stacks };
}
