import type { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { NagPack, type NagPackProps } from 'cdk-nag';
import { clearCfnViewCache } from './cfn';
import type { NhsRule } from './rule';
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

/**
 * The NHS trust rule pack: checks mapped to CAF-aligned DSPT outcomes and NCSC principles.
 *
 * A cdk-nag 3.x validation plugin: `Validations.of(app).addPlugins(new NhsTrustChecks(app))`.
 * Rule ids are `NHS-<RuleName>`; see RULES.md.
 */
export class NhsTrustChecks extends NagPack {
  /** The plugin name, used in acknowledgements as `NhsTrustChecks::NHS-<RuleName>`. */
  public readonly name = 'NhsTrustChecks';
  private readonly rules: readonly NhsRule[];

  constructor(scope?: IConstruct, props: NhsTrustChecksProps = {}) {
    super(scope, props);
    this.packName = 'NHS';
    this.rules = props.rules ?? NHS_RULES;
  }

  /** The ids (`NHS-...`) of the rules this pack runs. */
  public get ruleIdList(): string[] {
    return this.rules.map((r) => `NHS-${r.id}`);
  }

  public override validateScope(scope: IConstruct) {
    clearCfnViewCache();
    return super.validateScope(scope);
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of this.rules) {
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: rule.info,
        explanation: rule.explanation,
        level: rule.level,
        node,
        rule: rule.check,
      });
    }
  }
}
