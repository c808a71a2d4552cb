import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { clearCfnViewCache } from '../../policies/cfn';
import type { NhsRule } from '../../policies/rule';
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
 * Used only to tell "no finding because the resource passed" from "no finding because nothing
 * was in scope"; pass and fail come from the validation report, which also holds acknowledgements.
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
