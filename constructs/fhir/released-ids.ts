import { CfnElement, CfnResource, Names, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { md5hash } from 'aws-cdk-lib/core/lib/helpers-internal';
import { Construct, type IConstruct } from 'constructs';
import { keepReleasedLogicalIds, releasedLogicalId } from '../core/logical-ids';

/**
 * Keeps the CloudFormation logical ids (and the generated names that feed them) of a part holding
 * a REST API and Lambda functions as released when those were defined one level up: what
 * `keepReleasedLogicalIds` does, plus three things CDK derives from construct paths.
 *
 * - Lambda permissions of API methods and authorisers: their construct ids embed the unique name
 *   of the API or authoriser, which now includes the part.
 * - Lambda security groups: their description embeds the function's unique name, and changing a
 *   security group's description replaces it.
 * - The API deployment: its logical id is its base id plus a hash of the API definition, which
 *   CDK computes over the API's rendered resource, path metadata included; the hash is taken as
 *   for the released path, so it still changes when (and only when) the API definition changes.
 *
 * Call it once the part is complete.
 */
export function keepReleasedApiLogicalIds(part: IConstruct): void {
  keepReleasedLogicalIds(part);
  const renames = new Map<string, string>();
  for (const c of part.node.findAll()) {
    if (c === part) continue;
    const now = Names.nodeUniqueId(c.node);
    const released = releasedUniqueName(c, part);
    if (now !== released) renames.set(now, released);
  }
  const rename = (text: string) => [...renames].reduce((t, [now, released]) => t.split(now).join(released), text);
  for (const c of part.node.findAll()) {
    if (!CfnElement.isCfnElement(c)) continue;
    if (isLatestDeployment(c)) {
      keepDeploymentId(c, part);
    } else if (c instanceof ec2.CfnSecurityGroup && typeof c.groupDescription === 'string') {
      c.groupDescription = rename(c.groupDescription);
    } else {
      const ids = idsBelowStack(c, part);
      const leaf = ids[ids.length - 1];
      if (rename(leaf) !== leaf) c.overrideLogicalId(logicalIdOf([...ids.slice(0, -1), rename(leaf)]));
    }
  }
}

/**
 * The unique name (`Names.nodeUniqueId`) a construct at `path` below `scope` has: what a child
 * with those ids would be named. Used to keep a generated name (an authoriser's) as released.
 */
export function uniqueNameBelow(scope: IConstruct, ...path: string[]): string {
  return uniqueNameOf([...scope.node.scopes.slice(1).map((s) => s.node.id), ...path]);
}

interface LatestDeployment extends CfnElement {
  originalLogicalId: string;
  api: IConstruct & { node: { defaultChild?: IConstruct } };
  hashComponents: { derive(f: (comps: unknown[]) => string): unknown };
}

function isLatestDeployment(element: CfnElement): element is LatestDeployment {
  const e = element as Partial<LatestDeployment>;
  return element.constructor.name === 'LatestDeploymentResource' && typeof e.originalLogicalId === 'string' && e.hashComponents !== undefined && e.api !== undefined;
}

/** The deployment's released base id plus CDK's hash, computed with the API's path metadata as released. */
function keepDeploymentId(deployment: LatestDeployment, part: IConstruct): void {
  const stack = Stack.of(deployment);
  const base = releasedLogicalId(deployment, part);
  deployment.originalLogicalId = base;
  const apiResource = deployment.api.node.defaultChild as CfnResource;
  const releasedPath = [stack.node.path, ...idsBelowStack(apiResource, part)].join('/');
  const hashOf = (comps: unknown[]): string => {
    type Rendered = { Resources: Record<string, { Metadata?: Record<string, unknown> }> };
    const rendered = stack.resolve((apiResource as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as Rendered;
    for (const r of Object.values(rendered.Resources)) if (r.Metadata?.['aws:cdk:path'] !== undefined) r.Metadata['aws:cdk:path'] = releasedPath;
    const hashed = [...comps, rendered];
    return base + md5hash(hashed.map((x) => stack.resolve(x)).map((x) => JSON.stringify(x)).join(''));
  };
  deployment.overrideLogicalId(Token.asString(deployment.hashComponents.derive(hashOf)));
}

/** The construct ids from below the stack to `c`, without `part`. */
function idsBelowStack(c: IConstruct, part: IConstruct): string[] {
  const scopes = c.node.scopes;
  return scopes.slice(scopes.indexOf(Stack.of(c)) + 1).filter((s) => s !== part).map((s) => s.node.id);
}

/** The unique name `c` had when `part` was not in its path (CDK's own algorithm, on a scratch tree). */
function releasedUniqueName(c: IConstruct, part: IConstruct): string {
  return uniqueNameOf(c.node.scopes.slice(1).filter((s) => s !== part).map((s) => s.node.id));
}

/** CDK's unique name of a construct whose path below the app is `ids` (on a scratch tree). */
function uniqueNameOf(ids: readonly string[]): string {
  let node: Construct = new Construct(undefined as unknown as Construct, '');
  for (const id of ids) node = new Construct(node, id);
  return Names.nodeUniqueId(node.node);
}

/** The logical id CDK gives a resource at construct path `ids` below a stack (on a scratch tree). */
function logicalIdOf(ids: readonly string[]): string {
  // A stack under a bare root: an App would synthesise itself when the process exits.
  const stack = new Stack(new Construct(undefined as unknown as Construct, ''), 'Scratch');
  let node: Construct = stack;
  for (const id of ids.slice(0, -1)) node = new Construct(node, id);
  return stack.resolve(new CfnResource(node, ids[ids.length - 1], { type: 'Scratch::Resource' }).logicalId) as string;
}
