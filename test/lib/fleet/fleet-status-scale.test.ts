import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { fleetReport, fleetStatus, formatFleetMarkdown, formatFleetTable, loadFleet, type FleetStatusRow } from '../../../lib/fleet';
import { writeSimulatedFleet, simulatedTrust, SIMULATED, type SimulatedTrust } from './simulated-fleet';

/**
 * 240 trust accounts cannot run here: STS and CloudFormation are mocked with aws-sdk-client-mock
 * (real SDK clients, `send` replaced), each answer worked out from the trust the call is for.
 * Every trust's first DescribeStacks is throttled, some AssumeRole and DetectStackDrift calls are
 * throttled too; some accounts refuse the role, some have no stack, some drift, one detection never
 * finishes (the bounded wait), some detections fail, some stacks are failed, out of support or have
 * an acknowledgement about to expire.
 */
const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);

let inFlight = 0;
let maxInFlight = 0;
const calls: Record<string, number> = {};

/** Counts the call as in flight until a later turn of the event loop, like a network call. */
async function inFlightCall<T>(name: string, answer: () => T): Promise<T> {
  calls[name] = (calls[name] ?? 0) + 1;
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  try {
    await new Promise((resolve) => setImmediate(resolve));
    return answer();
  } finally {
    inFlight--;
  }
}

function throttled(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
}

describe('fleet-status across 240 simulated trusts', () => {
  let dir: string;
  let rows: FleetStatusRow[];
  const seen = new Map<string, number>();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-fleet-240-'));
    const fleetFile = writeSimulatedFleet(dir, 240);
    sts.reset();
    cfn.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999988887777' });
    sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string; ExternalId?: string }) =>
      inFlightCall('AssumeRole', () => {
        const t = simulatedTrust(Number(input.RoleArn.split(':')[4]) - 100000000000);
        const n = (seen.get(`assume-${t.i}`) ?? 0) + 1;
        seen.set(`assume-${t.i}`, n);
        if (t.i % 20 === 4 && n <= 2) throw throttled();
        if (input.ExternalId !== 'rootstock-fleet-test-1a2b3c') throw Object.assign(new Error('external id missing'), { name: 'AccessDenied' });
        if (t.kind === 'unreachable') throw Object.assign(new Error(`not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`), { name: 'AccessDenied' });
        return { Credentials: { AccessKeyId: `ASIA${t.i}`, SecretAccessKey: 's', SessionToken: `token-${t.i}`, Expiration: new Date(Date.now() + 900_000) } };
      }),
    );
    cfn.on(DescribeStacksCommand).callsFake((input: { StackName: string }) =>
      inFlightCall('DescribeStacks', () => {
        const t = byStack(input.StackName);
        const n = (seen.get(`describe-${t.i}`) ?? 0) + 1;
        seen.set(`describe-${t.i}`, n);
        if (n === 1) throw throttled();
        if (t.kind === 'notDeployed') throw Object.assign(new Error(`Stack with id ${input.StackName} does not exist`), { name: 'ValidationError' });
        return { Stacks: [{ StackName: input.StackName, CreationTime: new Date(), StackStatus: t.kind === 'failed' ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_COMPLETE', Tags: [{ Key: 'rootstock:version', Value: t.version }], Outputs: [{ OutputKey: 'RootstockCompliance', OutputValue: JSON.stringify(t.record) }] }] };
      }),
    );
    cfn.on(DetectStackDriftCommand).callsFake((input: { StackName: string }) =>
      inFlightCall('DetectStackDrift', () => {
        const t = byStack(input.StackName);
        const n = (seen.get(`detect-${t.i}`) ?? 0) + 1;
        seen.set(`detect-${t.i}`, n);
        if (t.i % 25 === 2 && n === 1) throw throttled();
        return { StackDriftDetectionId: `detection-${t.i}` };
      }),
    );
    cfn.on(DescribeStackDriftDetectionStatusCommand).callsFake((input: { StackDriftDetectionId: string }) =>
      inFlightCall('DescribeStackDriftDetectionStatus', () => {
        const t = simulatedTrust(Number(input.StackDriftDetectionId.split('-')[1]));
        const n = (seen.get(`status-${t.i}`) ?? 0) + 1;
        seen.set(`status-${t.i}`, n);
        if (t.kind === 'stuck' || n < 3) return { StackId: 'x', StackDriftDetectionId: input.StackDriftDetectionId, DetectionStatus: 'DETECTION_IN_PROGRESS', Timestamp: new Date() };
        if (t.kind === 'detectionFailed') return { StackId: 'x', StackDriftDetectionId: input.StackDriftDetectionId, DetectionStatus: 'DETECTION_FAILED', DetectionStatusReason: 'Failed to detect drift on resource [Fhir/Store]: AccessDenied', Timestamp: new Date() };
        return { StackId: 'x', StackDriftDetectionId: input.StackDriftDetectionId, DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: t.kind === 'drifted' ? 'DRIFTED' : 'IN_SYNC', Timestamp: new Date() };
      }),
    );
    cfn.on(DescribeStackResourceDriftsCommand).callsFake((input: { StackName: string; NextToken?: string }) =>
      inFlightCall('DescribeStackResourceDrifts', () => {
        // Two pages: the drifted bucket policy, then the deleted alarm.
        const page = input.NextToken === 'page-2'
          ? { StackResourceDrifts: [{ StackId: 'x', LogicalResourceId: 'SecurityAlarmsRootUseAlarm', ResourceType: 'AWS::CloudWatch::Alarm', StackResourceDriftStatus: 'DELETED', Timestamp: new Date() }] }
          : { StackResourceDrifts: [{ StackId: 'x', LogicalResourceId: 'AuditArchiveBucketPolicy', ResourceType: 'AWS::S3::BucketPolicy', StackResourceDriftStatus: 'MODIFIED', Timestamp: new Date() }], NextToken: 'page-2' };
        return page;
      }),
    );
    // WHEN
    rows = await fleetStatus(loadFleet(fleetFile), { latestVersion: '1.4.0', concurrency: 16, driftPollMs: 1, driftTimeoutMs: 1500, retryBaseMs: 1, now: () => Date.parse('2026-06-01T12:00:00Z') + (Date.now() - started), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
  });
  const started = Date.now();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function byStack(stackName: string): SimulatedTrust {
    const ods = stackName.split('-')[1];
    const t = SIMULATED.find((s) => s.ods === ods);
    if (!t) throw new Error(`no simulated trust for ${stackName}`);
    return t;
  }

  test('every trust has a row, in wave order', () => {
    expect(rows).toHaveLength(240);
    expect(new Set(rows.map((r) => r.trust)).size).toBe(240);
    expect(rows[0].wave).toBe('Pilot');
    expect(rows.at(-1)?.wave).toBe('Wave-10');
  });

  test('unreachable accounts and missing stacks are rows with the reason, not failures of the report', () => {
    const unreachable = rows.filter((r) => r.stackStatus === 'UNREACHABLE');
    expect(unreachable.map((r) => r.trust).sort()).toEqual(SIMULATED.filter((t) => t.kind === 'unreachable').map((t) => t.trust).sort());
    for (const r of unreachable) expect(r.reason).toMatch(/^cannot assume arn:aws:iam::\d{12}:role\/RootstockFleetReadOnly: AccessDenied: not authorized/);
    expect(rows.filter((r) => r.stackStatus === 'NOT_DEPLOYED').map((r) => r.trust).sort()).toEqual(SIMULATED.filter((t) => t.kind === 'notDeployed').map((t) => t.trust).sort());
  });

  test('throttled calls are retried until they succeed', () => {
    // Every DescribeStacks was throttled once, yet every reachable stack was read.
    const reachable = SIMULATED.filter((t) => t.kind !== 'unreachable');
    expect(calls.DescribeStacks).toBe(reachable.length * 2);
    expect(rows.filter((r) => r.stackStatus === 'UPDATE_COMPLETE' || r.stackStatus === 'UPDATE_ROLLBACK_COMPLETE')).toHaveLength(reachable.filter((t) => t.kind !== 'notDeployed').length);
    expect(rows.filter((r) => r.reason?.includes('Throttling'))).toEqual([]);
  });

  test('never has more than the concurrency limit of calls in flight, and does use it', () => {
    expect(maxInFlight).toBeLessThanOrEqual(16);
    expect(maxInFlight).toBeGreaterThan(8);
  });

  test('reports drift with every drifted resource (all pages), and UNKNOWN for failed or unfinished detections', () => {
    const drifted = rows.filter((r) => r.drift.status === 'DRIFTED');
    expect(drifted.map((r) => r.trust).sort()).toEqual(SIMULATED.filter((t) => t.kind === 'drifted').map((t) => t.trust).sort());
    for (const r of drifted) expect(r.drift.resources).toEqual([
      { logicalId: 'AuditArchiveBucketPolicy', type: 'AWS::S3::BucketPolicy', status: 'MODIFIED' },
      { logicalId: 'SecurityAlarmsRootUseAlarm', type: 'AWS::CloudWatch::Alarm', status: 'DELETED' },
    ]);
    const stuck = rows.find((r) => r.trust === SIMULATED.find((t) => t.kind === 'stuck')?.trust);
    expect(stuck?.drift).toEqual({ status: 'UNKNOWN', resources: [], reason: expect.stringMatching(/^drift detection still running after 2 s \(detection detection-\d+\)$/) });
    const failed = rows.filter((r) => r.drift.reason?.startsWith('drift detection failed: Failed to detect drift on resource'));
    expect(failed.map((r) => r.trust).sort()).toEqual(SIMULATED.filter((t) => t.kind === 'detectionFailed').map((t) => t.trust).sort());
    expect(rows.filter((r) => r.drift.status === 'IN_SYNC')).toHaveLength(SIMULATED.filter((t) => ['healthy', 'failed', 'outOfSupport', 'expiring'].includes(t.kind)).length);
  });

  test('reads the compliance record each stack carries', () => {
    const one = rows.find((r) => r.trust === SIMULATED[0].trust);
    expect(one?.compliance).toEqual(SIMULATED[0].record);
    const expiring = rows.filter((r) => r.expiresInDays !== undefined && r.expiresInDays <= 30);
    expect(expiring.map((r) => [r.trust, r.expiresInDays])).toEqual(SIMULATED.filter((t) => t.kind === 'expiring').map((t) => [t.trust, 10]));
  });

  test('flags what needs attention, exits 1, and counts each flag', () => {
    const report = fleetReport(rows, 30);
    expect(report.exitCode).toBe(1);
    const count = (k: SimulatedTrust['kind']) => SIMULATED.filter((t) => t.kind === k).length;
    expect(report.summary).toEqual({
      trusts: 240,
      healthy: count('healthy'),
      unreachable: count('unreachable'),
      'not deployed': count('notDeployed'),
      drifted: count('drifted'),
      'drift unknown': count('stuck') + count('detectionFailed'),
      failed: count('failed'),
      'out of support': count('outOfSupport'),
      expiring: count('expiring'),
    });
    // With a 5-day window the 10-day expiries are no longer flagged.
    expect(fleetReport(rows, 5).summary.expiring).toBeUndefined();
  });

  test('prints a table and Markdown naming the drifted resources and the expiring acknowledgement', () => {
    const report = fleetReport(rows, 30);
    const table = formatFleetTable(report);
    const drifted = SIMULATED.find((t) => t.kind === 'drifted') as SimulatedTrust;
    expect(table.split('\n')[0]).toMatch(/^trust\s+wave\s+account\s+stack status\s+deployed\s+behind by\s+drift\s+acks\s+next expiry\s+flags$/);
    expect(table).toMatch(new RegExp(`${drifted.trust}\\s+Wave-\\d+\\s+${drifted.account}\\s+UPDATE_COMPLETE\\s+1\\.4\\.0\\s+up to date\\s+DRIFTED \\(2\\)\\s+12\\s+2027-11-30 \\(\\d+ d\\)\\s+drifted`));
    expect(table).toContain(`${drifted.trust}: AuditArchiveBucketPolicy (AWS::S3::BucketPolicy) MODIFIED`);
    const expiring = SIMULATED.find((t) => t.kind === 'expiring') as SimulatedTrust;
    expect(table).toContain(`${expiring.trust}: acknowledgement of AwsSolutions::AwsSolutions-S1 expires 2026-06-11`);
    const last = table.trimEnd().split('\n').at(-1) ?? '';
    expect(last).toMatch(new RegExp(`^240 trust\\(s\\) against 1\\.4\\.0: ${report.summary.healthy} healthy, .* \\(expiring: within 30 days\\)\\.$`));
    for (const [flag, n] of Object.entries(report.summary)) if (flag !== 'trusts' && flag !== 'healthy') expect(last).toContain(`, ${n} ${flag}`);
    const md = formatFleetMarkdown(report);
    expect(md).toContain('| trust | wave | account | stack status | deployed | behind by | drift | acks | next expiry | flags |');
    expect(md).toContain(`- ${drifted.trust}: SecurityAlarmsRootUseAlarm (AWS::CloudWatch::Alarm) DELETED`);
  });
});
