import {
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
  type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';

/** One drifted resource. */
export interface DriftedResource {
  readonly logicalId: string;
  readonly type: string;
  /** MODIFIED or DELETED. */
  readonly status: string;
}

/** The drift of one stack: IN_SYNC, DRIFTED, UNKNOWN (detection failed or timed out) or NOT_CHECKED. */
export interface StackDrift {
  readonly status: 'IN_SYNC' | 'DRIFTED' | 'UNKNOWN' | 'NOT_CHECKED';
  readonly resources: readonly DriftedResource[];
  /** Why the status is UNKNOWN or NOT_CHECKED. */
  readonly reason?: string;
}

/** How long to wait for a drift detection, and how. */
export interface DriftWait {
  /** Stop waiting after this long (the stack's drift is then UNKNOWN). */
  readonly timeoutMs: number;
  /** Time between DescribeStackDriftDetectionStatus calls. */
  readonly pollMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** Runs each AWS call (the fleet's paced caller). */
  readonly call: <T>(fn: () => Promise<T>) => Promise<T>;
}

/**
 * Detects a stack's drift: DetectStackDrift, then DescribeStackDriftDetectionStatus until the
 * detection ends or `wait.timeoutMs` passes, then DescribeStackResourceDrifts (MODIFIED and
 * DELETED, every page) when it drifted. Errors and timeouts give UNKNOWN with the reason.
 */
export async function detectStackDrift(cfn: CloudFormationClient, stackName: string, wait: DriftWait): Promise<StackDrift> {
  const deadline = wait.now() + wait.timeoutMs;
  try {
    const started = await wait.call(() => cfn.send(new DetectStackDriftCommand({ StackName: stackName })));
    const id = started.StackDriftDetectionId;
    if (!id) return { status: 'UNKNOWN', resources: [], reason: 'DetectStackDrift returned no detection id' };
    for (;;) {
      const s = await wait.call(() => cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id })));
      if (s.DetectionStatus === 'DETECTION_IN_PROGRESS') {
        if (wait.now() + wait.pollMs > deadline) return { status: 'UNKNOWN', resources: [], reason: `drift detection still running after ${Math.round(wait.timeoutMs / 1000)} s (detection ${id})` };
        await wait.sleep(wait.pollMs);
        continue;
      }
      if (s.DetectionStatus === 'DETECTION_FAILED' && s.StackDriftStatus !== 'DRIFTED') {
        return { status: 'UNKNOWN', resources: [], reason: `drift detection failed: ${s.DetectionStatusReason ?? 'no reason given'}` };
      }
      if (s.StackDriftStatus === 'IN_SYNC') return { status: 'IN_SYNC', resources: [] };
      if (s.StackDriftStatus !== 'DRIFTED') return { status: 'UNKNOWN', resources: [], reason: `drift status ${s.StackDriftStatus ?? 'missing'}` };
      const resources: DriftedResource[] = [];
      let token: string | undefined;
      do {
        const page = await wait.call(() => cfn.send(new DescribeStackResourceDriftsCommand({ StackName: stackName, StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'], NextToken: token })));
        for (const r of page.StackResourceDrifts ?? []) resources.push({ logicalId: r.LogicalResourceId ?? '?', type: r.ResourceType ?? '?', status: r.StackResourceDriftStatus ?? '?' });
        token = page.NextToken;
      } while (token);
      return { status: 'DRIFTED', resources, reason: s.DetectionStatus === 'DETECTION_FAILED' ? `some resources could not be checked: ${s.DetectionStatusReason ?? ''}`.trim() : undefined };
    }
  } catch (e) {
    const err = e as { name?: string; message?: string };
    return { status: 'UNKNOWN', resources: [], reason: `drift detection failed: ${err.name ?? 'Error'}: ${err.message ?? String(e)}` };
  }
}
