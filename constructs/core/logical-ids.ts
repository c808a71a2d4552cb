import { createHash } from 'crypto';
import { Aspects, AspectPriority, CfnElement, Stack, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Keeps the CloudFormation logical ids of the resources inside `part` exactly as they were before
 * `part` existed, i.e. as if its own id were not in their construct path.
 *
 * A construct that grew several jobs is split into smaller constructs, but its resources were
 * released under logical ids computed from their old paths (`Fhir/Store`), and a changed logical
 * id makes CloudFormation replace the resource: for a data store, that deletes the data. The
 * composing construct calls this on each part (`Fhir/DataStore/Store` keeps the id of
 * `Fhir/Store`). Resources added to the part later (grants, policies) are covered too.
 */
export function keepReleasedLogicalIds(part: IConstruct): void {
  const apply = (element: CfnElement) => {
    if (overridden.has(element)) return;
    element.overrideLogicalId(releasedLogicalId(element, part));
    overridden.add(element);
  };
  for (const c of part.node.findAll()) if (CfnElement.isCfnElement(c)) apply(c);
  const aspect: IAspect = { visit: (node) => { if (CfnElement.isCfnElement(node)) apply(node); } };
  Aspects.of(part).add(aspect, { priority: AspectPriority.MUTATING });
}

const overridden = new WeakSet<CfnElement>();

/** The logical id `element` gets when `part`'s id is left out of its path (CDK's own algorithm). */
export function releasedLogicalId(element: CfnElement, part: IConstruct): string {
  const stack = Stack.of(element);
  const scopes = element.node.scopes;
  const components = scopes.slice(scopes.indexOf(stack) + 1).filter((s) => s !== part).map((s) => s.node.id);
  return makeUniqueId(components);
}

// CDK's logical id algorithm (aws-cdk-lib core, private uniqueid.ts): 'Default' is hidden
// entirely, 'Resource' from the human part only; an 8-character md5 of the path follows.
function makeUniqueId(all: string[]): string {
  const components = all.filter((x) => x !== 'Default');
  if (components.length === 1) {
    const candidate = components[0].replace(/[^A-Za-z0-9]/g, '');
    if (candidate.length <= 255) return candidate;
  }
  const hash = createHash('md5').update(components.join('/')).digest('hex').slice(0, 8).toUpperCase();
  const human: string[] = [];
  for (const c of components) if (human.length === 0 || !human[human.length - 1].endsWith(c)) human.push(c);
  return human.filter((x) => x !== 'Resource').map((s) => s.replace(/[^A-Za-z0-9]/g, '')).join('').slice(0, 240) + hash;
}
