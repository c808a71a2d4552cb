import type { CfnResource } from 'aws-cdk-lib';
import { get } from '../cfn';
import { asList, stackResourcesOfType } from '../references';

/** An EventBridge rule's EventPattern as an object (templates may carry it as a JSON string); undefined if unreadable. */
export function eventPattern(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value) as unknown;
      return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/**
 * Whether an enabled EventBridge rule in `node`'s stack sends events from `source` (e.g.
 * `aws.guardduty`) to at least one target: the path by which findings reach people and the SIEM.
 */
export function findingsRouted(node: CfnResource, source: string): boolean {
  return stackResourcesOfType(node, 'AWS::Events::Rule').some((r) => {
    const state = r.properties.State;
    if (state !== undefined && state !== 'ENABLED') return false;
    const pattern = eventPattern(r.properties.EventPattern);
    return asList(get(pattern, 'source')).includes(source) && asList(r.properties.Targets).length > 0;
  });
}
