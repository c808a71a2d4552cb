import { controlFramework, controlLabel, isDsptOutcomeId, ncscPrincipleId, ncscPrincipleNumber, type ControlId, type NcscPrincipleId } from './control-ids';
import type { NhsRule } from './rule';
import { NHS_RULES } from './rules';

/** The CAF version the DSPT ids below follow (CAF-aligned DSPT, NHS England). */
export const CAF_VERSION = 'NCSC CAF v4.0 (August 2025), as applied by the CAF-aligned DSPT';

/** Where the DSPT ids and names come from. */
export const DSPT_SOURCE = 'digital.nhs.uk, CAF-aligned DSPT guidance (NHS England), objectives A to E';

/** Where the NCSC principle numbers and names come from. */
export const NCSC_SOURCE = 'NCSC Cloud Security Guidance: the 14 Cloud Security Principles';

/** How deep in the CAF tree a DSPT control sits. */
export type DsptLevel = 'objective' | 'principle' | 'outcome';

/** A CAF-aligned DSPT objective, principle or contributing outcome. */
export interface DsptControl {
  /** The id as the DSPT prints it: 'B', 'B3' or 'B3.c'. */
  readonly id: string;
  /** The DSPT's name for it. */
  readonly name: string;
  /** Objective, principle or contributing outcome. */
  readonly level: DsptLevel;
  /** The objective letter, A to E. */
  readonly objective: string;
}

/** One of the 14 NCSC cloud security principles. */
export interface NcscPrinciple {
  /** The principle number, 1 to 14. */
  readonly id: number;
  /** The canonical control id: `NCSC-2`. */
  readonly controlId: NcscPrincipleId;
  /** The NCSC's name for it. */
  readonly name: string;
}

const OBJECTIVES: Record<string, string> = {
  A: 'Managing risk',
  B: 'Protecting against cyber attack and data breaches',
  C: 'Detecting cyber security events',
  D: 'Minimising the impact of incidents',
  E: 'Using and sharing information appropriately',
};

const PRINCIPLES: Record<string, string> = {
  A1: 'Governance',
  A2: 'Risk management',
  A3: 'Asset management',
  A4: 'Supply chain',
  B1: 'Service protection policies, processes and procedures',
  B2: 'Identity and access control',
  B3: 'Data security',
  B4: 'System security',
  B5: 'Resilient networks and systems',
  B6: 'Staff awareness and training',
  C1: 'Security monitoring',
  C2: 'Proactive security event discovery',
  D1: 'Response and recovery planning',
  D2: 'Lessons learned',
  E1: 'Transparency',
  E2: 'Upholding the rights of individuals',
  E3: 'Using and sharing information',
  E4: 'Records management',
};

const OUTCOMES: Record<string, string> = {
  'A1.a': 'Board direction',
  'A1.b': 'Roles and responsibilities',
  'A1.c': 'Decision-making',
  'A2.a': 'Risk management process',
  'A2.b': 'Understanding threat',
  'A2.c': 'Assurance',
  'A3.a': 'Asset management',
  'A4.a': 'Supply chain',
  'A4.b': 'Secure software development and support',
  'B1.a': 'Policy, process and procedure development',
  'B1.b': 'Policy, process and procedure implementation',
  'B2.a': 'Identity verification, authentication and authorisation',
  'B2.b': 'Device management',
  'B2.c': 'Privileged user management',
  'B2.d': 'Identity and access management',
  'B3.a': 'Understanding data',
  'B3.b': 'Data in transit',
  'B3.c': 'Stored data',
  'B3.d': 'Mobile data',
  'B3.e': 'Media and equipment sanitisation',
  'B4.a': 'Secure by design',
  'B4.b': 'Secure configuration',
  'B4.c': 'Secure management',
  'B4.d': 'Vulnerability management',
  'B5.a': 'Resilience preparation',
  'B5.b': 'Design for resilience',
  'B5.c': 'Backups',
  'B6.a': 'Cyber security culture',
  'B6.b': 'Cyber security training',
  'C1.a': 'Monitoring coverage',
  'C1.b': 'Securing logs',
  'C1.c': 'Generating alerts',
  'C1.d': 'Identifying security incidents',
  'C1.e': 'Monitoring tools and skills',
  'C2.a': 'System abnormalities for attack detection',
  'C2.b': 'Threat hunting',
  'D1.a': 'Response plan',
  'D1.b': 'Response and recovery capability',
  'D1.c': 'Testing and exercising',
  'D2.a': 'Incident root cause analysis',
  'D2.b': 'Using incidents to drive improvements',
  'E3.a': 'Using and sharing information for direct care',
  'E4.a': 'Managing records',
};

// CAF v4.0 added A2.b (understanding threat) and A4.b (secure software development) and
// renamed C2.b from 'Proactive attack discovery' to 'Threat hunting'.

/**
 * The CAF-aligned DSPT controls a rule may cite, in catalogue order: objectives (A to E),
 * principles (A1 to E4) and contributing outcomes (A1.a to E4.a).
 *
 * Rules cite contributing outcomes only (B3.c for encryption at rest), each with a
 * justification from the outcome's own text; objectives and principles are grouping levels.
 */
export const DSPT_CONTROLS: readonly DsptControl[] = [
  ...Object.entries(OBJECTIVES).map(([id, name]) => ({ id, name, level: 'objective' as const, objective: id })),
  ...Object.entries(PRINCIPLES).map(([id, name]) => ({ id, name, level: 'principle' as const, objective: id[0] })),
  ...Object.entries(OUTCOMES).map(([id, name]) => ({ id, name, level: 'outcome' as const, objective: id[0] })),
];

/** The 14 NCSC cloud security principles. */
export const NCSC_PRINCIPLES: readonly NcscPrinciple[] = [
  'Data in transit protection',
  'Asset protection and resilience',
  'Separation between customers',
  'Governance framework',
  'Operational security',
  'Personnel security',
  'Secure development',
  'Supply chain security',
  'Secure user management',
  'Identity and authentication',
  'External interface protection',
  'Secure service administration',
  'Audit information and alerting for customers',
  'Secure use of the service',
].map((name, i) => ({ id: i + 1, controlId: ncscPrincipleId(i + 1), name }));

const DSPT_BY_ID = new Map(DSPT_CONTROLS.map((c) => [c.id, c]));
const NCSC_BY_ID = new Map(NCSC_PRINCIPLES.map((p) => [p.id, p]));

/** The DSPT control with this id, or undefined. */
export function dsptControl(id: string): DsptControl | undefined {
  return DSPT_BY_ID.get(id);
}

/** The NCSC principle with this number, or undefined. */
export function ncscPrinciple(id: number): NcscPrinciple | undefined {
  return NCSC_BY_ID.get(id);
}

/** One rule's controls, resolved to catalogue entries. */
export interface RuleControlEntry {
  /** The rule id as reported: `NHS-<RuleName>`. */
  readonly ruleId: string;
  /** The rule itself (level, info, explanation). */
  readonly rule: NhsRule;
  /** DSPT controls the rule evidences. */
  readonly dspt: readonly DsptControl[];
  /** NCSC principles the rule evidences. */
  readonly ncsc: readonly NcscPrinciple[];
  /** Where the requirement comes from. */
  readonly source: string;
  /** Every control the rule evidences with the one-line justification of the mapping, DSPT first. */
  readonly mappings: readonly ControlMapping[];
}

/** One rule -> control pair and why the control's own text supports it. */
export interface ControlMapping {
  /** The canonical control id: `B3.c` or `NCSC-2`. */
  readonly controlId: ControlId;
  /** 'DSPT' or 'NCSC'. */
  readonly framework: 'DSPT' | 'NCSC';
  /** The control's name. */
  readonly name: string;
  /** Why the rule evidences it, citing the control's text. */
  readonly justification: string;
}

/** A control (DSPT or NCSC) and the rules that evidence it. */
export interface ControlEntry {
  /** 'DSPT' or 'NCSC'. */
  readonly framework: 'DSPT' | 'NCSC';
  /** The control id as people cite it: 'B3.c' or 'NCSC-2'. */
  readonly id: string;
  /** The control's name. */
  readonly name: string;
  /** Rule ids (`NHS-...`) that evidence this control, in pack order. */
  readonly ruleIds: readonly string[];
  /** Whether Rootstock claims the rules evidence this control (see CLAIMED_CONTROLS). */
  readonly claimed: boolean;
}

/** The controls catalogue: rules to controls and controls to rules. */
export interface ControlsCatalogue {
  /** The CAF version the DSPT ids follow. */
  readonly cafVersion: string;
  /** Every rule with its resolved controls, in pack order. */
  readonly rules: readonly RuleControlEntry[];
  /** Every DSPT control and NCSC principle in the catalogue, with the rules behind each (possibly none). */
  readonly controls: readonly ControlEntry[];
  /** The resolved controls of one rule (`NHS-X` or `X`), or undefined for an unknown rule. */
  ruleControls(ruleId: string): RuleControlEntry | undefined;
}

/** The id under which an NCSC principle appears in control lists: 'NCSC-2' (see control-ids.ts). */
export function ncscControlId(n: number): NcscPrincipleId {
  return ncscPrincipleId(n);
}

/**
 * The technical controls Rootstock claims its rules evidence: the CAF-aligned DSPT contributing
 * outcomes a cloud template can show and the NCSC principles the pack covers. A test holds that
 * each has at least two distinct rules behind it.
 *
 * D1.a (response plan) and D1.c (testing and exercising) are not claimed: their text is about a
 * documented plan and exercises people run, which no template shows (see UNEVIDENCED_OUTCOMES).
 */
export const CLAIMED_CONTROLS: readonly ControlId[] = [
  'B2.a', 'B2.c', 'B2.d', 'B3.b', 'B3.c', 'B4.b', 'B4.d', 'B5.c', 'C1.a', 'C1.b', 'C1.c', 'D1.b',
  'NCSC-1', 'NCSC-2', 'NCSC-3', 'NCSC-5', 'NCSC-9', 'NCSC-10', 'NCSC-11', 'NCSC-12', 'NCSC-13', 'NCSC-14',
];

/** Outcomes near the claimed ones that no template rule can honestly evidence, and why. */
export const UNEVIDENCED_OUTCOMES: Readonly<Record<string, string>> = {
  'D1.a': 'D1.a asks for an up-to-date, documented incident response plan grounded in a risk assessment: a document and its review, not a resource setting.',
  'D1.c': 'D1.c asks that the organisation runs exercises of its response plans: an activity with documented findings. (An AWS Backup restore testing plan would show part of D1.c.4; Rootstock does not deploy one yet.)',
};

/**
 * Builds the controls catalogue for `rules` (default: every rule in the NHS pack).
 *
 * @throws Error naming the rule and the id when a rule cites a DSPT outcome or NCSC principle
 *   that is not in the catalogue, so a typo fails at load rather than producing evidence for a
 *   control that does not exist.
 */
export function controlsCatalogue(rules: readonly NhsRule[] = NHS_RULES): ControlsCatalogue {
  const problems: string[] = [];
  const entries: RuleControlEntry[] = rules.map((rule) => {
    const mappings: ControlMapping[] = [];
    for (const [id, justification] of Object.entries(rule.controls) as Array<[ControlId, string]>) {
      const framework = id.startsWith('NCSC') ? 'NCSC' : controlFramework(id);
      const name = framework === 'NCSC' ? NCSC_BY_ID.get(ncscPrincipleNumber(id as NcscPrincipleId))?.name : DSPT_BY_ID.get(id)?.name;
      if (name === undefined || (framework === 'DSPT' && !isDsptOutcomeId(id))) {
        problems.push(
          framework === 'NCSC'
            ? `rule ${rule.id} cites NCSC principle ${JSON.stringify(id)}, which is not one of the 14 principles (use NCSC-1 to NCSC-14)`
            : `rule ${rule.id} cites DSPT '${id}', which is not a contributing outcome in the catalogue (use an id like 'B3.c')`,
        );
        continue;
      }
      mappings.push({ controlId: id, framework, name, justification });
    }
    mappings.sort((a, b) => (a.framework === b.framework ? 0 : a.framework === 'DSPT' ? -1 : 1));
    const dspt = mappings.filter((m) => m.framework === 'DSPT').map((m) => DSPT_BY_ID.get(m.controlId)!);
    const ncsc = mappings.filter((m) => m.framework === 'NCSC').map((m) => NCSC_BY_ID.get(ncscPrincipleNumber(m.controlId as NcscPrincipleId))!);
    if (dspt.length === 0) problems.push(`rule ${rule.id} cites no DSPT outcome`);
    if (ncsc.length === 0) problems.push(`rule ${rule.id} cites no NCSC principle`);
    return { ruleId: `NHS-${rule.id}`, rule, dspt, ncsc, source: rule.source, mappings };
  });
  if (problems.length > 0) throw new Error(`The controls catalogue does not load:\n- ${problems.join('\n- ')}`);

  const claimed = new Set<string>(CLAIMED_CONTROLS);
  const controls: ControlEntry[] = [
    ...DSPT_CONTROLS.map((c) => ({ framework: 'DSPT' as const, id: c.id, name: c.name, claimed: claimed.has(c.id), ruleIds: entries.filter((e) => e.dspt.includes(c)).map((e) => e.ruleId) })),
    ...NCSC_PRINCIPLES.map((p) => ({ framework: 'NCSC' as const, id: p.controlId, name: p.name, claimed: claimed.has(p.controlId), ruleIds: entries.filter((e) => e.ncsc.includes(p)).map((e) => e.ruleId) })),
  ];
  const byRuleId = new Map(entries.map((e) => [e.ruleId, e]));
  return {
    cafVersion: CAF_VERSION,
    rules: entries,
    controls,
    ruleControls: (ruleId) => byRuleId.get(ruleId.startsWith('NHS-') ? ruleId : `NHS-${ruleId}`),
  };
}

/** Short labels for one rule's controls, for findings: ['B3.c Stored data', 'NCSC-2 Asset protection and resilience']. */
export function controlLabels(entry: RuleControlEntry): string[] {
  return entry.mappings.map((m) => controlLabel(m.controlId, m.name));
}
