import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * A resource as CloudFormation will see it: type, logical id, properties (PascalCase, with
 * property overrides applied, tokens resolved to intrinsics like `{ Ref: ... }`), and policies.
 *
 * Rules read this rather than L1 typed props, so they judge any template (including ones loaded
 * with CfnInclude) and see escape-hatch overrides that typed props would hide.
 */
export interface CfnView {
  readonly type: string;
  readonly logicalId: string;
  readonly properties: Record<string, unknown>;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

let cache = new WeakMap<CfnResource, CfnView>();

/** Drops cached views; the pack calls this at the start of every validation pass. */
export function clearCfnViewCache(): void {
  cache = new WeakMap();
}

/** The CloudFormation view of `node` (cached for the current validation pass). */
export function cfnView(node: CfnResource): CfnView {
  const hit = cache.get(node);
  if (hit) return hit;
  const stack = Stack.of(node);
  // _toCloudFormation renders the resource exactly as it lands in the template.
  const rendered = stack.resolve((node as unknown as { _toCloudFormation(): Record<string, Record<string, unknown>> })._toCloudFormation());
  const body = (Object.values(rendered.Resources ?? {})[0] ?? {}) as Record<string, unknown>;
  const view: CfnView = {
    type: node.cfnResourceType,
    logicalId: String(stack.resolve(node.logicalId)),
    properties: (body.Properties as Record<string, unknown>) ?? {},
    deletionPolicy: body.DeletionPolicy as string | undefined,
    updateReplacePolicy: body.UpdateReplacePolicy as string | undefined,
  };
  cache.set(node, view);
  return view;
}

/** Whether `v` is an unresolved CloudFormation intrinsic (`Ref`, `Fn::*`). */
export function isIntrinsic(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** Reads a nested property by path, e.g. get(props, 'BucketEncryption', 'ServerSideEncryptionConfiguration'). */
export function get(obj: unknown, ...path: Array<string | number>): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Whether `v` is `true` or the string 'true' (templates often carry booleans as strings). */
export function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

/**
 * The values `v` can take once conditions are decided: each branch of an `Fn::If` (nested ones
 * too), nothing for `AWS::NoValue`, and `v` itself otherwise. A rule that judges every branch
 * judges the template whichever way its conditions go.
 */
export function conditionalBranches(v: unknown): unknown[] {
  if (isIntrinsic(v) && v.Ref === 'AWS::NoValue') return [];
  const branches = isIntrinsic(v) ? v['Fn::If'] : undefined;
  if (Array.isArray(branches) && branches.length === 3) return [...conditionalBranches(branches[1]), ...conditionalBranches(branches[2])];
  return [v];
}
