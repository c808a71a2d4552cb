import { createHash } from 'crypto';
import { Stack, type CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { NagMessageLevel, NagPack, NagRuleCompliance, type NagPackProps, type NagRuleResult } from 'cdk-nag';
import { clearCfnViewCache } from './cfn';
import { ruleAppliesToType, type NhsRule } from './rule';
import { NHS_RULES } from './rules';

/** Options of the NHS pack. */
export interface NhsTrustChecksProps extends NagPackProps {
  /**
   * Run only these rules (for `rootstock check --rules` and unit tests).
   *
   * @default - every rule in the pack
   */
  readonly rules?: readonly NhsRule[];
}

/** How one rule fared on the resources of one template. */
export interface RuleCounts {
  /** Resources the rule passed. */
  compliant: number;
  /** Resources the rule failed (a finding list counts once per resource). */
  nonCompliant: number;
  /** Resources of a type the rule judges that it found out of scope. */
  notApplicable: number;
  /** Resources the rule could not evaluate (it threw). */
  errors: number;
}

/** What the pack counted in its last run: per rule, per template file (the stack's `templateFile`). */
export interface NhsPackRunCounts {
  /** Rule id (`NHS-X`) -> template file -> counts. */
  readonly rules: ReadonlyMap<string, ReadonlyMap<string, RuleCounts>>;
  /** Template file -> resources the pack walked. */
  readonly resources: ReadonlyMap<string, number>;
}

/** The rule id under which a resource that some rule could not evaluate is reported once. */
export const COULD_NOT_EVALUATE = 'CouldNotEvaluate';

/** The sha256 (hex) of the sorted rule ids: names the exact rule list a run used. */
export function ruleListVersion(ruleIds: readonly string[]): string {
  return createHash('sha256').update([...ruleIds].sort().join('\n')).digest('hex');
}

function emptyCounts(): RuleCounts {
  return { compliant: 0, nonCompliant: 0, notApplicable: 0, errors: 0 };
}

/**
 * The NHS trust rule pack: checks mapped to CAF-aligned DSPT outcomes and NCSC principles.
 *
 * A cdk-nag 3.x validation plugin: `Validations.of(app).addPlugins(new NhsTrustChecks(app))`.
 * Rule ids are `NHS-<RuleName>`; see RULES.md. Each rule runs only on the resource types it
 * declares. A resource that one or more rules cannot evaluate (a rule threw) is reported once,
 * as `NHS-CouldNotEvaluate[<LogicalId>]`, naming the rules and why, not once per rule.
 */
export class NhsTrustChecks extends NagPack {
  /** The plugin name, used in acknowledgements as `NhsTrustChecks::NHS-<RuleName>`. */
  public readonly name = 'NhsTrustChecks';
  private readonly rules: readonly NhsRule[];
  private counts = new Map<string, Map<string, RuleCounts>>();
  private resources = new Map<string, number>();

  constructor(scope?: IConstruct, props: NhsTrustChecksProps = {}) {
    super(scope, props);
    this.packName = 'NHS';
    this.rules = props.rules ?? NHS_RULES;
  }

  /** The ids (`NHS-...`) of the rules this pack runs. */
  public get ruleIdList(): string[] {
    return this.rules.map((r) => `NHS-${r.id}`);
  }

  /** The sha256 of the sorted rule ids this pack runs. */
  public get ruleListVersion(): string {
    return ruleListVersion(this.ruleIdList);
  }

  /** What the last `validate`/`validateScope` counted, per rule and template. */
  public get lastRunCounts(): NhsPackRunCounts {
    return { rules: this.counts, resources: this.resources };
  }

  public override validateScope(scope: IConstruct) {
    clearCfnViewCache();
    this.counts = new Map(this.rules.map((r) => [`NHS-${r.id}`, new Map<string, RuleCounts>()]));
    this.resources = new Map();
    return super.validateScope(scope);
  }

  protected checkResource(node: CfnResource): void {
    const template = Stack.of(node).templateFile;
    this.resources.set(template, (this.resources.get(template) ?? 0) + 1);
    const failures: string[] = [];
    for (const rule of this.rules) {
      if (!ruleAppliesToType(rule, node.cfnResourceType)) continue;
      const ruleId = `NHS-${rule.id}`;
      const byTemplate = this.counts.get(ruleId) ?? new Map<string, RuleCounts>();
      this.counts.set(ruleId, byTemplate);
      const counts = byTemplate.get(template) ?? emptyCounts();
      byTemplate.set(template, counts);
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: rule.info,
        explanation: rule.explanation,
        level: rule.level,
        node,
        rule: (n: CfnResource): NagRuleResult => {
          let result: NagRuleResult;
          try {
            result = rule.check(n);
          } catch (e) {
            counts.errors++;
            failures.push(`${rule.id}: ${(e as Error).message}`);
            // Reported once per resource below, not per rule.
            return NagRuleCompliance.NOT_APPLICABLE;
          }
          if (result === NagRuleCompliance.COMPLIANT || (Array.isArray(result) && result.length === 0)) counts.compliant++;
          else if (result === NagRuleCompliance.NOT_APPLICABLE) counts.notApplicable++;
          else counts.nonCompliant++;
          return result;
        },
      });
    }
    if (failures.length > 0) this.reportUnevaluated(node, failures);
  }

  private reportUnevaluated(node: CfnResource, failures: readonly string[]): void {
    // The logical id resolves on its own, even when the resource's properties cannot be rendered.
    const logicalId = String(Stack.of(node).resolve(node.logicalId));
    this.applyRule({
      ruleSuffixOverride: COULD_NOT_EVALUATE,
      info: `Could not evaluate ${logicalId} (${node.cfnResourceType}): ${failures.join('; ')}.`,
      explanation:
        'The resource has a property the NHS rules cannot read (often an intrinsic function or a value of an unexpected shape), so it is neither shown compliant nor non-compliant. Fix the property, or review the resource by hand and acknowledge NHS-CouldNotEvaluate[<LogicalId>] with the reason.',
      level: NagMessageLevel.ERROR,
      node,
      rule: () => [logicalId],
    });
  }
}
