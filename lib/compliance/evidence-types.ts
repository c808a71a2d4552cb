import type { RuleCounts } from '../assembly';
import type { ControlStatus } from '../../policies/control-status';

/** One validation plugin's run over one stack: proven by its pack-run record, or not assessed. */
export interface PackEvidence {
  /** The plugin name: NhsTrustChecks, AwsSolutions, HIPAA.Security, NIST.800.53.R5, cdk-validator-cfnguard. */
  readonly plugin: string;
  readonly label: string;
  /** True only when a pack-run record proves it ran over this stack's template. */
  readonly ran: boolean;
  readonly version?: string;
  readonly ruleCount?: number;
  readonly ruleListVersion?: string;
  /** Resources it checked in this stack's template. */
  readonly resourcesChecked?: number;
  readonly openFindings: number;
  readonly acknowledgedFindings: number;
  /** Why it is not assessed, when it did not (provably) run: `not assessed: the NHS pack did not run on <stack>`. */
  readonly notAssessed?: string;
}

/** One NHS rule's outcome in one stack, from the NHS pack's record and the report. */
export interface EvidenceRuleResult {
  readonly ruleId: string;
  /** passed, failed, acknowledged, could not evaluate, not applicable (nothing in scope), or not assessed (the pack did not run). */
  readonly status: 'passed' | 'failed' | 'acknowledged' | 'could not evaluate' | 'not applicable' | 'not assessed';
  /** Per-resource results the NHS pack recorded for this stack. */
  readonly counts?: RuleCounts;
  readonly openFindings: number;
  readonly acknowledgedFindings: number;
  /** Logical ids of the stack's resources in the rule's scope. */
  readonly resources: readonly string[];
  /** Why this rule evidences the control, from the controls catalogue. */
  readonly justification?: string;
}

/** A security service turned off in the stack, against a control it served. */
export interface TurnedOffService {
  readonly service: string;
  readonly label: string;
  readonly reason: string;
  /** What the service did for this control. */
  readonly served: string;
}

/** One control's status in one stack, with the rules, resources and acknowledgements behind it. */
export interface EvidenceControl {
  readonly framework: 'DSPT' | 'NCSC';
  readonly id: string;
  readonly name: string;
  readonly status: ControlStatus;
  /** Whether Rootstock claims its rules evidence this control (the catalogue's claimed controls). */
  readonly claimed: boolean;
  /** One sentence: why this status. */
  readonly why: string;
  /** Resource judgements behind it, summed over the rules that applied. */
  readonly resourcesJudged: number;
  readonly rules: readonly EvidenceRuleResult[];
  /** Acknowledgements of the control's rules in this stack. */
  readonly acknowledgements: readonly EvidenceAcknowledgement[];
  /** Security services turned off that served this control. */
  readonly turnedOff: readonly TurnedOffService[];
}

/** An acknowledged finding: who accepted it, why, until when. */
export interface EvidenceAcknowledgement {
  readonly plugin: string;
  readonly ruleId: string;
  /** The construct path of the acknowledged resource. */
  readonly resource: string;
  readonly logicalId?: string;
  /** The namespaced id: `NhsTrustChecks::NHS-X`. */
  readonly id: string;
  readonly reason: string;
  readonly approvedBy?: string;
  readonly expires?: string;
  readonly acknowledgedAt?: string;
  /** One of the library's reviewed design acknowledgements, not the trust's own. */
  readonly library: boolean;
  /** Why it does not count (no approver, no expiry, expired), when it does not. */
  readonly problem?: string;
}

/** One finding from any pack, open or acknowledged. */
export interface EvidenceFinding {
  readonly pack: string;
  readonly ruleId: string;
  readonly level: string;
  readonly status: 'open' | 'acknowledged';
  readonly constructPath: string;
  readonly logicalId?: string;
  readonly resourceType?: string;
  readonly message: string;
  /** Control ids the rule evidences (NHS rules): `B3.c`, `NCSC-2`. */
  readonly controls: readonly string[];
}

/** A security service the stack turned off, with its reason and the controls it served. */
export interface ServiceOffEvidence {
  readonly service: string;
  readonly label: string;
  readonly reason: string;
  readonly controls: readonly string[];
}

/** Evidence for one synthesised stack. */
export interface StackEvidence {
  /** The stack's construct path in the app (its artifact's display name). */
  readonly stack: string;
  readonly stackName: string;
  readonly templateFile: string;
  readonly rootstockVersion?: string;
  readonly odsCode?: string;
  readonly environment?: string;
  readonly packs: readonly PackEvidence[];
  readonly controls: readonly EvidenceControl[];
  readonly findings: readonly EvidenceFinding[];
  /** Every acknowledgement in the stack, soonest expiry first. */
  readonly acknowledgements: readonly EvidenceAcknowledgement[];
  readonly securityServicesOff: readonly ServiceOffEvidence[];
  readonly summary: {
    readonly met: number;
    readonly partiallyEvidenced: number;
    readonly notMet: number;
    /** Controls whose only failures are acknowledged. */
    readonly acknowledged: number;
    readonly notApplicable: number;
    readonly notAssessed: number;
    readonly openFindings: number;
    readonly acknowledgedFindings: number;
    /** Acknowledged findings accepted by the trust itself. */
    readonly trustAcknowledgements: number;
    /** Acknowledged findings accepted by the library's design review. */
    readonly libraryAcknowledgements: number;
    readonly packsRan: number;
  };
}

/** The whole evidence document (evidence.json). */
export interface Evidence {
  readonly generatedAt: string;
  readonly generatorVersion: string;
  readonly cafVersion: string;
  readonly cloudAssembly: string;
  /** What each control status means. */
  readonly statusDefinitions: Readonly<Record<ControlStatus, string>>;
  readonly stacks: readonly StackEvidence[];
}
