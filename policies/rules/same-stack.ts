import type { CfnResource } from 'aws-cdk-lib';
import { cfnView, isIntrinsic, type CfnView } from '../cfn';
import { referencedLogicalId, stackResources } from '../references';

export { asList } from '../references';

/**
 * The CloudFormation views of every resource in the same stack as `node` (optionally of one type).
 *
 * Cross-resource rules (flow logs, access-log targets, subscriptions) use this, as cdk-nag's own
 * rules do: resources of nested stacks are excluded because a Ref cannot cross a stack.
 */
export function sameStackResources(node: CfnResource, type?: string): CfnView[] {
  return stackResources(node)
    .filter((r) => type === undefined || r.cfnResourceType === type)
    .map((r) => cfnView(r));
}

/**
 * The logical id a value points at when it is `{ Ref: X }` or `{ 'Fn::GetAtt': [X, attr] }`
 * (or the `'X.Attr'` string form); undefined for anything else, pseudo parameters included.
 */
export const refTarget = referencedLogicalId;

/**
 * The value of tag `key` in a CloudFormation Tags property (list of `{ Key, Value }` or a map).
 * Returns undefined when the tag is absent; an intrinsic value is returned as is for the caller to judge.
 */
export function tagValue(tags: unknown, key: string): unknown {
  if (Array.isArray(tags)) {
    const hit = tags.find((t) => t !== null && typeof t === 'object' && (t as Record<string, unknown>).Key === key);
    return hit === undefined ? undefined : (hit as Record<string, unknown>).Value;
  }
  if (tags !== null && typeof tags === 'object' && !isIntrinsic(tags)) return (tags as Record<string, unknown>)[key];
  return undefined;
}

/** A number from a number or numeric string; undefined for anything else (absent, intrinsic, text). */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}
