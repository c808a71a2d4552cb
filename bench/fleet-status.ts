// `npm run bench` (second part): wall time of `rootstock fleet-status` over 240 simulated trust
// accounts. STS and CloudFormation are simulated with aws-sdk-client-mock (no AWS here) with
// latencies like the real services: AssumeRole 150 ms, DescribeStacks 120 ms, DetectStackDrift
// 200 ms, status checks 80 ms, resource drifts 100 ms, and each drift detection finishing 20 to 40 s
// after it starts (CloudFormation's own time for a ~120-resource stack); 3% of calls are throttled.
// Runs: drift on with 16 calls in flight (the default), drift on with 4, and --no-drift.
// FLEET_BENCH_SCALE=0.1 shrinks every latency tenfold for a quick look.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { fleetReport, fleetStatus, loadFleet } from '../lib/fleet';
import { SIMULATED, writeSimulatedFleet } from '../test/lib/fleet/simulated-fleet';

const scale = Number(process.env.FLEET_BENCH_SCALE ?? 1);
const ms = (n: number): number => n * scale;
const sleep = (n: number): Promise<void> => new Promise((r) => setTimeout(r, n));

/** A deterministic pseudo-random number in [0, 1) for trust i and salt s. */
function rand(i: number, s: number): number {
  const x = Math.sin(i * 12.9898 + s * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

let calls = 0;
let throttles = 0;
async function service<T>(latency: number, i: number, answer: () => T): Promise<T> {
  calls++;
  await sleep(ms(latency));
  if (rand(i, calls) < 0.03) {
    throttles++;
    throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
  }
  return answer();
}

function install(): void {
  const sts = mockClient(STSClient);
  const cfn = mockClient(CloudFormationClient);
  const started = new Map<number, number>();
  const trustOf = (stackName: string): number => SIMULATED.findIndex((t) => t.ods === stackName.split('-')[1]);
  sts.on(GetCallerIdentityCommand).resolves({ Account: '999988887777' });
  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
    const i = Number(input.RoleArn.split(':')[4]) - 100000000000;
    return service(150, i, () => {
      if (SIMULATED[i].kind === 'unreachable') throw Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' });
      return { Credentials: { AccessKeyId: `ASIA${i}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 900_000) } };
    });
  });
  cfn.on(DescribeStacksCommand).callsFake((input: { StackName: string }) => {
    const t = SIMULATED[trustOf(input.StackName)];
    return service(120, t.i, () => {
      if (t.kind === 'notDeployed') throw Object.assign(new Error(`Stack with id ${input.StackName} does not exist`), { name: 'ValidationError' });
      return { Stacks: [{ StackName: input.StackName, CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE', Tags: [{ Key: 'rootstock:version', Value: t.version }], Outputs: [{ OutputKey: 'RootstockCompliance', OutputValue: JSON.stringify(t.record) }] }] };
    });
  });
  cfn.on(DetectStackDriftCommand).callsFake((input: { StackName: string }) => {
    const i = trustOf(input.StackName);
    return service(200, i, () => {
      started.set(i, performance.now());
      return { StackDriftDetectionId: `detection-${i}` };
    });
  });
  cfn.on(DescribeStackDriftDetectionStatusCommand).callsFake((input: { StackDriftDetectionId: string }) => {
    const i = Number(input.StackDriftDetectionId.split('-')[1]);
    return service(80, i, () => {
      const done = performance.now() - (started.get(i) ?? 0) >= ms(20_000 + 20_000 * rand(i, 0));
      if (!done) return { StackId: 'x', StackDriftDetectionId: input.StackDriftDetectionId, DetectionStatus: 'DETECTION_IN_PROGRESS', Timestamp: new Date() };
      return { StackId: 'x', StackDriftDetectionId: input.StackDriftDetectionId, DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: SIMULATED[i].kind === 'drifted' ? 'DRIFTED' : 'IN_SYNC', Timestamp: new Date() };
    });
  });
  cfn.on(DescribeStackResourceDriftsCommand).callsFake((input: { StackName: string }) =>
    service(100, trustOf(input.StackName), () => ({ StackResourceDrifts: [{ StackId: 'x', LogicalResourceId: 'AuditArchiveBucketPolicy', ResourceType: 'AWS::S3::BucketPolicy', StackResourceDriftStatus: 'MODIFIED', Timestamp: new Date() }] })),
  );
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-bench-fleet-status-'));
  try {
    const fleet = loadFleet(writeSimulatedFleet(dir, 240));
    install();
    const runs: Array<{ name: string; concurrency: number; drift: boolean }> = [
      { name: 'drift, 16 calls in flight (default)', concurrency: 16, drift: true },
      { name: 'drift, 4 calls in flight', concurrency: 4, drift: true },
      { name: 'no drift, 16 calls in flight', concurrency: 16, drift: false },
    ];
    const results: Array<{ name: string; wallSeconds: number; calls: number; throttled: number; healthy: number; exitCode: number }> = [];
    for (const run of runs) {
      calls = 0;
      throttles = 0;
      const t0 = performance.now();
      const rows = await fleetStatus(fleet, { latestVersion: '1.4.0', concurrency: run.concurrency, drift: run.drift, driftPollMs: ms(5000), driftTimeoutMs: ms(300_000), retryBaseMs: ms(500), sleep });
      const wallSeconds = (performance.now() - t0) / 1000;
      const report = fleetReport(rows, 30);
      results.push({ name: run.name, wallSeconds, calls, throttled: throttles, healthy: report.summary.healthy, exitCode: report.exitCode });
      process.stderr.write(`${run.name}: ${wallSeconds.toFixed(1)} s\n`);
    }
    const base = results[0].wallSeconds;
    console.log(`\nfleet-status over 240 simulated trusts (latency scale ${scale}; drift detection 20-40 s per stack):\n`);
    console.log(`${'run'.padEnd(38)} ${'wall s'.padStart(7)} ${'vs default'.padStart(10)} ${'calls'.padStart(6)} ${'throttled'.padStart(9)} ${'healthy'.padStart(7)}`);
    for (const r of results) console.log(`${r.name.padEnd(38)} ${r.wallSeconds.toFixed(1).padStart(7)} ${(r.wallSeconds / base).toFixed(2).padStart(10)} ${String(r.calls).padStart(6)} ${String(r.throttled).padStart(9)} ${String(r.healthy).padStart(7)}`);
    const resultsFile = path.join(__dirname, 'results.json');
    const existing = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Record<string, unknown>) : {};
    fs.writeFileSync(resultsFile, `${JSON.stringify({ ...existing, fleetStatus: { trusts: 240, latencyScale: scale, runs: results } }, null, 2)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 1;
});
