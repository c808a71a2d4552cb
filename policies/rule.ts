import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, type NagRuleResult } from 'cdk-nag';

/** A CAF-aligned DSPT contributing outcome id, like 'B3.c'. */
export type DsptOutcomeId = string;

/** An NCSC cloud security principle number (1 to 14). */
export type NcscPrincipleId = number;

/** The controls a rule evidences, with the source that states the requirement. */
export interface RuleControls {
  /** CAF-aligned DSPT contributing outcomes, e.g. ['B3.c']. At least one. */
  readonly dspt: readonly DsptOutcomeId[];
  /** NCSC cloud security principles, e.g. [2]. At least one. */
  readonly ncsc: readonly NcscPrincipleId[];
  /** Where the requirement comes from, e.g. 'NHS Cloud Security Good Practice Guide; DSPT B3.c'. */
  readonly source: string;
}

/** One NHS rule: metadata plus a pure check of one CloudFormation resource. */
export interface NhsRule {
  /** The rule id (also the file name): `<Service><Resource><ExpectedState>`. Reported as `NHS-<id>`. */
  readonly id: string;
  /** Error for requirements, warning for strong recommendations. */
  readonly level: NagMessageLevel;
  /** The cause, shown with every finding: what is wrong. */
  readonly info: string;
  /** Why the rule exists and how to fix a finding. */
  readonly explanation: string;
  /** The DSPT outcomes and NCSC principles this rule evidences. */
  readonly controls: RuleControls;
  /**
   * The check: COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE, or a list of findings.
   * It must fail closed (NON_COMPLIANT, or throw) on values it cannot resolve.
   */
  readonly check: (node: CfnResource) => NagRuleResult;
}

/** Declares a rule; checks its metadata so a malformed rule fails at load, not in a report. */
export function defineRule(rule: NhsRule): NhsRule {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(rule.id)) throw new Error(`rule id '${rule.id}' must be PascalCase like S3BucketKmsEncryption`);
  if (rule.controls.dspt.length === 0 || rule.controls.ncsc.length === 0) {
    throw new Error(`rule ${rule.id} must name at least one DSPT outcome and one NCSC principle`);
  }
  if (rule.controls.ncsc.some((n) => !Number.isInteger(n) || n < 1 || n > 14)) throw new Error(`rule ${rule.id}: NCSC principles are 1 to 14`);
  return rule;
}

export { NagMessageLevel };
