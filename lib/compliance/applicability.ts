import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { clearCfnViewCache } from '../../policies/cfn';
import { ruleAppliesToType, type NhsRule } from '../../policies/rule';
import { NHS_RULES } from '../../policies/rules';
import { includeTemplate } from '../check/check';
import type { LoadedTemplate } from '../check/template';

/** Which resources of one stack an NHS rule judged (was applicable to). */
export interface RuleApplicability {
  /** The rule id as reported: `NHS-<RuleName>`. */
  readonly ruleId: string;
  /** Logical ids of the resources the rule did not return NOT_APPLICABLE for, sorted. */
  readonly resources: readonly string[];
}

/**
 * Runs every NHS rule's check over every resource of one template, loaded once with CfnInclude
 * (the `rootstock check` loader), and records where each rule applied.
 *
 * Used only to name the resources behind a rule's counts in the evidence; the counts themselves
 * come from the NHS pack's pack-run record, pass and fail from the validation report.
 * A check that throws counts as applicable: cdk-nag reports a throw as a finding, so the
 * resource was in scope.
 *
 * @returns one entry per rule, keyed by `NHS-<RuleName>`
 * @throws UserError (exit 2) when CfnInclude cannot load the template
 */
export function ruleApplicability(loaded: LoadedTemplate, rules: readonly NhsRule[] = NHS_RULES): Map<string, RuleApplicability> {
  const included = includeTemplate(loaded);
  const resources = included.stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
  // cfnView caches per node for one validation pass; start this stack's pass clean.
  clearCfnViewCache();
  const applicable = new Map<string, Set<string>>(rules.map((r) => [`NHS-${r.id}`, new Set<string>()]));
  for (const node of resources) {
    const logicalId = included.byPath.get(node.node.path)?.logicalId ?? node.node.path;
    for (const rule of rules) {
      // As the pack does: a rule runs only on the resource types it declares.
      if (!ruleAppliesToType(rule, node.cfnResourceType)) continue;
      let result: unknown;
      try {
        result = rule.check(node);
      } catch {
        result = NagRuleCompliance.NON_COMPLIANT;
      }
      if (result !== NagRuleCompliance.NOT_APPLICABLE) applicable.get(`NHS-${rule.id}`)!.add(logicalId);
    }
  }
  clearCfnViewCache();
  return new Map([...applicable].map(([ruleId, ids]) => [ruleId, { ruleId, resources: [...ids].sort() }]));
}
