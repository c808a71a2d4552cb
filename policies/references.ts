import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isIntrinsic, type CfnView } from './cfn';

/**
 * Helpers for rules that judge one resource by what it references: KMS keys, bucket policies,
 * parameter groups, listeners. They read CloudFormation (Ref / Fn::GetAtt logical ids) so they
 * work on CfnInclude'd templates as well as on CDK-built stacks.
 */

/** Every CloudFormation resource of `node`'s own stack (not nested stacks). */
export function stackResources(node: CfnResource): CfnResource[] {
  const stack = Stack.of(node);
  return stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
}

/** The CloudFormation views of every resource of `type` in `node`'s stack. */
export function stackResourcesOfType(node: CfnResource, type: string): CfnView[] {
  return stackResources(node)
    .filter((r) => r.cfnResourceType === type)
    .map((r) => cfnView(r));
}

/**
 * The logical id a value references through `Ref` or `Fn::GetAtt`, or undefined.
 *
 * Pseudo parameters (`AWS::Region`) are not resources and give undefined.
 */
export function referencedLogicalId(v: unknown): string | undefined {
  if (!isIntrinsic(v)) return undefined;
  if ('Ref' in v) {
    const ref = v.Ref;
    return typeof ref === 'string' && !ref.startsWith('AWS::') ? ref : undefined;
  }
  const att = v['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
  if (typeof att === 'string') return att.split('.')[0];
  return undefined;
}

// Logical id -> resource, per stack. Rebuilt when the stack's resource count changes, so a stack
// that grows between validation passes is re-indexed; resolving every logical id per lookup is slow.
const indexes = new WeakMap<Stack, { resources: number; byId: Map<string, CfnResource> }>();

/** The view of the resource with `logicalId` in `node`'s stack, or undefined (e.g. a parameter). */
export function resourceByLogicalId(node: CfnResource, logicalId: string): CfnView | undefined {
  const stack = Stack.of(node);
  const resources = stackResources(node);
  let index = indexes.get(stack);
  if (!index || index.resources !== resources.length) {
    index = { resources: resources.length, byId: new Map(resources.map((r) => [String(stack.resolve(r.logicalId)), r])) };
    indexes.set(stack, index);
  }
  const hit = index.byId.get(logicalId);
  return hit ? cfnView(hit) : undefined;
}

/** The resource `v` references (by Ref or Fn::GetAtt) in `node`'s stack, or undefined. */
export function referencedResource(node: CfnResource, v: unknown): CfnView | undefined {
  const id = referencedLogicalId(v);
  return id === undefined ? undefined : resourceByLogicalId(node, id);
}

/** Whether two property values are the same CloudFormation expression (deep equality of literals and intrinsics). */
export function sameExpression(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => sameExpression((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Whether `v` (a policy's Bucket, a logging DestinationBucketName) names the bucket `bucket`: a
 * Ref/GetAtt to it, or the same expression as its BucketName, whether a literal or an intrinsic
 * such as `{ 'Fn::Sub': '${AWS::StackName}-logs' }` (templates often name both sides that way).
 */
export function namesBucket(v: unknown, bucket: CfnView): boolean {
  if (v === undefined || v === null) return false;
  if (refersTo(v, bucket.logicalId)) return true;
  const name = bucket.properties.BucketName;
  return name !== undefined && sameExpression(v, name);
}

/** Whether `v` is a `Ref`/`Fn::GetAtt` to the resource with `logicalId`. */
export function refersTo(v: unknown, logicalId: string): boolean {
  return referencedLogicalId(v) === logicalId;
}

/** What a KMS key property names: a customer-managed key, an AWS-managed key, nothing, or something a rule cannot judge. */
export type KeyKind = 'customer' | 'aws-managed' | 'absent' | 'unknown';

// Stand-ins for pseudo parameters, so joined ARNs like arn:${AWS::Partition}:kms:... can be classified.
const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-2',
  'AWS::AccountId': '111111111111',
  'AWS::URLSuffix': 'amazonaws.com',
};

const KEY_STRING = /^(arn:[a-z-]+:kms:[a-z0-9-]*:\d{12}:(key|alias)\/.+|alias\/[A-Za-z0-9/_-]+|(mrk-)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/** Classifies a literal key id, key ARN, alias name or alias ARN. */
export function keyStringKind(s: string): KeyKind {
  const t = s.trim();
  if (t === '') return 'absent';
  // alias/aws/<service> names the AWS-managed key of a service, in any form (name or ARN).
  if (/(^|:)alias\/aws\//.test(t)) return 'aws-managed';
  return KEY_STRING.test(t) ? 'customer' : 'unknown';
}

/** The string an intrinsic builds, when it uses only literals and pseudo parameters; otherwise undefined. */
export function staticString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!isIntrinsic(v)) return undefined;
  if ('Ref' in v) return typeof v.Ref === 'string' ? PSEUDO[v.Ref] : undefined;
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map((p: unknown) => staticString(p));
    return parts.every((p): p is string => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  const sub = v['Fn::Sub'];
  if (typeof sub === 'string') {
    let unresolved = false;
    const out = sub.replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
      const val = PSEUDO[name];
      if (val === undefined) unresolved = true;
      return val ?? '';
    });
    return unresolved ? undefined : out;
  }
  return undefined;
}

/**
 * What kind of KMS key `v` (a key property of `node`) names.
 *
 * A Ref or Fn::GetAtt to an AWS::KMS::Key, AWS::KMS::ReplicaKey or a customer AWS::KMS::Alias in
 * the same stack is a customer-managed key; so is a literal key id or ARN. `alias/aws/...` is
 * AWS-managed. Parameters, imports and other intrinsics are `unknown`, so rules fail closed.
 */
export function keyKind(node: CfnResource, v: unknown): KeyKind {
  if (v === undefined || v === null) return 'absent';
  const target = referencedResource(node, v);
  if (target) {
    if (target.type === 'AWS::KMS::Key' || target.type === 'AWS::KMS::ReplicaKey') return 'customer';
    if (target.type === 'AWS::KMS::Alias') {
      const name = target.properties.AliasName;
      return typeof name === 'string' ? keyStringKind(name) : 'unknown';
    }
    return 'unknown';
  }
  const s = staticString(v);
  return s === undefined ? 'unknown' : keyStringKind(s);
}

/** Whether `v` names a customer-managed KMS key (see {@link keyKind}). */
export function isCustomerKey(node: CfnResource, v: unknown): boolean {
  return keyKind(node, v) === 'customer';
}

/** COMPLIANT when `v` names a customer-managed key, NON_COMPLIANT otherwise (absent, AWS-managed or unknown). */
export function customerKeyCompliance(node: CfnResource, v: unknown): NagRuleCompliance {
  return isCustomerKey(node, v) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/**
 * Whether the resource survives both stack deletion and replacement.
 *
 * `RetainExceptOnCreate` is accepted as a DeletionPolicy: it deletes only a resource whose
 * creation was rolled back, which holds no data yet.
 */
export function isRetained(view: CfnView): boolean {
  const onDelete = view.deletionPolicy === 'Retain' || view.deletionPolicy === 'RetainExceptOnCreate';
  return onDelete && view.updateReplacePolicy === 'Retain';
}

/** Statements of an IAM-style policy document, or undefined when the document cannot be read. */
export function policyStatements(doc: unknown): Array<Record<string, unknown>> | undefined {
  if (doc === null || typeof doc !== 'object' || isIntrinsic(doc)) return undefined;
  const st = (doc as Record<string, unknown>).Statement;
  const list = Array.isArray(st) ? st : st && typeof st === 'object' ? [st] : undefined;
  if (!list || list.some((s) => s === null || typeof s !== 'object' || isIntrinsic(s))) return undefined;
  return list as Array<Record<string, unknown>>;
}

/** A value that may be one item or a list, as a list. */
export function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * Whether an RDS resource is judged by database rules here: a DB cluster, or a DB instance that
 * is not a member of a cluster (cluster members are judged at their cluster).
 */
export function isDatabaseJudgedHere(view: CfnView): boolean {
  if (view.type === 'AWS::RDS::DBCluster') return true;
  return view.type === 'AWS::RDS::DBInstance' && view.properties.DBClusterIdentifier === undefined;
}
