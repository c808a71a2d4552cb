import { Aspects, AspectPriority, Stack, Token, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
// cdk-nag's own rendering of CloudFormation references in granular rule ids (`<Bucket.Arn>/x/*`).
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { DesignFindings, type DesignFinding } from '../../constructs/core/design-findings';
import { acknowledge, type AcknowledgementOptions } from '../../policies/acknowledge';

/** Who approved the library's by-design findings, and until when. */
export type DesignApproval = Omit<AcknowledgementOptions, 'reason'>;

/** A design finding with its rule id rendered as the packs report it. */
export interface RenderedDesignFinding extends Omit<DesignFinding, 'ruleId'> {
  /** The rule id exactly as the packs report it (tokens rendered as `<LogicalId.Arn>`). */
  readonly ruleId: string;
  /** The construct path of the scope. */
  readonly path: string;
}

/** Renders tokens in a rule id the way the packs render references in findings. */
export function renderRuleId(scope: IConstruct, ruleId: string): string {
  if (!Token.isUnresolved(ruleId)) return ruleId;
  const resolved = Stack.of(scope).resolve(ruleId) as unknown;
  return typeof resolved === 'string' ? resolved : flattenCfnReference(resolved);
}

/** Every design finding recorded under `root`, with rule ids rendered. */
export function designFindingsOf(root: IConstruct): RenderedDesignFinding[] {
  return DesignFindings.collect(root).map((f) => ({ ...f, ruleId: renderRuleId(f.scope, f.ruleId), path: f.scope.node.path }));
}

const applied = new WeakMap<IConstruct, Set<string>>();

function applyOn(node: IConstruct, approval: DesignApproval): void {
  const done = applied.get(node) ?? new Set<string>();
  for (const f of DesignFindings.of(node).list) {
    if (done.has(f.ruleId)) continue;
    acknowledge(node, renderRuleId(node, f.ruleId), { reason: f.reason, ...approval });
    done.add(f.ruleId);
  }
  applied.set(node, done);
}

/**
 * Acknowledges every design finding recorded under `root` with one approval (reason from the
 * finding, approver and expiry from `approval`). Each acknowledgement covers only the construct
 * that recorded the finding. Findings recorded now are acknowledged at once; constructs added
 * under `root` later are covered at synthesis.
 */
export function applyDesignFindings(root: IConstruct, approval: DesignApproval): void {
  for (const c of root.node.findAll()) applyOn(c, approval);
  const aspect: IAspect = { visit: (node: IConstruct) => applyOn(node, approval) };
  Aspects.of(root).add(aspect, { priority: AspectPriority.READONLY });
}
