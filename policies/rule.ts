import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { isControlId, isDsptOutcomeId, type ControlId } from './control-ids';

export type { DsptOutcomeId, NcscPrincipleId, ControlId } from './control-ids';

/**
 * The controls a rule evidences: each canonical control id (`B3.c`, `NCSC-2`) with a one-line
 * justification that quotes or paraphrases the control's own text, so a reviewer can check the
 * mapping without leaving the rule. RULES.md and the evidence report print the justification.
 */
export type RuleControlMap = Readonly<Partial<Record<ControlId, string>>>;

/** The resource types a rule judges: a list of CloudFormation types, or '*' for every resource. */
export type RuleResourceTypes = readonly string[] | '*';

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
  /** The CloudFormation types the check judges; the pack calls the check for no other resource. */
  readonly resourceTypes: RuleResourceTypes;
  /** The DSPT contributing outcomes and NCSC principles this rule evidences, each with its justification. */
  readonly controls: RuleControlMap;
  /** Where the requirement comes from, e.g. 'NHS Cloud Security Good Practice Guide'. */
  readonly source: string;
  /**
   * The check: COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE, or a list of findings.
   * It must fail closed (NON_COMPLIANT) on values it cannot resolve.
   */
  readonly check: (node: CfnResource) => NagRuleResult;
}

/** Problems with a rule's metadata, as sentences; empty when the rule is well formed. */
export function ruleProblems(rule: NhsRule): string[] {
  const problems: string[] = [];
  if (!/^[A-Z][A-Za-z0-9]+$/.test(rule.id)) problems.push(`rule id '${rule.id}' must be PascalCase like S3BucketKmsEncrypted`);
  const ids = Object.keys(rule.controls);
  for (const id of ids) {
    if (!isControlId(id)) problems.push(`rule ${rule.id} cites '${id}', which is not a contributing outcome id like 'B3.c' or a principle id like 'NCSC-2'`);
    const why = (rule.controls as Record<string, unknown>)[id];
    if (typeof why !== 'string' || why.trim().length < 20) problems.push(`rule ${rule.id} maps to '${id}' without a one-line justification`);
  }
  if (!ids.some(isDsptOutcomeId)) problems.push(`rule ${rule.id} must name at least one DSPT contributing outcome`);
  if (!ids.some((id) => id.startsWith('NCSC-'))) problems.push(`rule ${rule.id} must name at least one NCSC principle`);
  if (rule.resourceTypes !== '*' && (rule.resourceTypes.length === 0 || rule.resourceTypes.some((t) => !/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(t)))) {
    problems.push(`rule ${rule.id} must list the CloudFormation types it judges (e.g. ['AWS::S3::Bucket']) or '*'`);
  }
  if (rule.source.trim() === '') problems.push(`rule ${rule.id} must name the source of its requirement`);
  return problems;
}

/** Declares a rule; checks its metadata so a malformed rule fails at load, not in a report. */
export function defineRule(rule: NhsRule): NhsRule {
  const problems = ruleProblems(rule);
  if (problems.length > 0) throw new Error(problems.join('; '));
  // The declared types hold wherever the check is called from, not only inside the pack.
  const check = rule.check;
  return { ...rule, check: (node) => (ruleAppliesToType(rule, node.cfnResourceType) ? check(node) : NagRuleCompliance.NOT_APPLICABLE) };
}

/** Whether `rule` judges resources of CloudFormation type `type`. */
export function ruleAppliesToType(rule: NhsRule, type: string): boolean {
  return rule.resourceTypes === '*' || rule.resourceTypes.includes(type);
}

export { NagMessageLevel };
