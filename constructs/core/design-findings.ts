import type { IConstruct } from 'constructs';

/**
 * A compliance-pack finding a construct raises on purpose, with the reason its design accepts it.
 *
 * Constructs record these as plain data and never acknowledge them themselves: whoever composes
 * the stack (TrustStack, or a trust's own app) applies them with an approver and an expiry, so the
 * approval is visible and reviewed in one place.
 */
export interface DesignFinding {
  /** The construct the finding is raised on (it covers that construct and everything below it). */
  readonly scope: IConstruct;
  /**
   * The rule id exactly as the pack reports it, granular ids included
   * (`AwsSolutions-IAM5[Resource::<Bucket.Arn>/prefix/*]`, or `cdk-validator-cfnguard::<rule>`).
   * May hold tokens (an ARN); they are rendered the way the packs render them when applied.
   */
  readonly ruleId: string;
  /** Why the design accepts it: the reason and the compensating control, for an assessor. */
  readonly reason: string;
}

const FINDINGS = new WeakMap<IConstruct, DesignFinding[]>();

/**
 * The by-design findings recorded on a construct.
 *
 * `DesignFindings.of(policy).add('AwsSolutions-IAM5[Resource::*]', 'X-Ray supports no resource-level permissions.')`
 */
export class DesignFindings {
  /** The findings recorded on `scope`. */
  public static of(scope: IConstruct): DesignFindings {
    return new DesignFindings(scope);
  }

  /** Every finding recorded on `root` and the constructs below it, in tree order. */
  public static collect(root: IConstruct): DesignFinding[] {
    return root.node.findAll().flatMap((c) => FINDINGS.get(c) ?? []);
  }

  private constructor(private readonly scope: IConstruct) {}

  /** Records that the design raises `ruleId` on this construct, for `reason`. */
  public add(ruleId: string, reason: string): this {
    if (!ruleId.trim()) throw new Error(`DesignFindings ${this.scope.node.path}: the rule id must not be empty`);
    if (reason.trim().length < 20) throw new Error(`DesignFindings ${this.scope.node.path}: ${ruleId} needs a reason an assessor can read (at least 20 characters)`);
    const list = FINDINGS.get(this.scope) ?? [];
    if (!list.some((f) => f.ruleId === ruleId)) list.push({ scope: this.scope, ruleId, reason });
    FINDINGS.set(this.scope, list);
    return this;
  }

  /** Records the same reason for several rule ids. */
  public addAll(ruleIds: readonly string[], reason: string): this {
    for (const id of ruleIds) this.add(id, reason);
    return this;
  }

  /** The findings recorded on this construct alone. */
  public get list(): readonly DesignFinding[] {
    return FINDINGS.get(this.scope) ?? [];
  }
}
