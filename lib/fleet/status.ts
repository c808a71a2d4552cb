import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { TAG_VERSION, trustStackName } from '../trust-stack';
import { ROOTSTOCK_VERSION } from '../version';
import type { Fleet } from './config';

/** One trust's row in the fleet status report. */
export interface FleetStatusRow {
  /** `<ODS>-<environment>`. */
  readonly trust: string;
  readonly wave: string;
  readonly account: string;
  readonly region: string;
  readonly stackName: string;
  /** The CloudFormation stack status, `NOT_DEPLOYED`, or `UNREACHABLE`. */
  readonly stackStatus: string;
  /** The `rootstock:version` tag on the deployed stack, when there is one. */
  readonly deployedVersion?: string;
  /** The version the fleet should run. */
  readonly latestVersion: string;
  /** How far behind: `up to date`, `2 minor`, `1 major`, `ahead`, or `unknown`. */
  readonly behindBy: string;
  /** Why the row has no status (unreachable account, no version tag). */
  readonly reason?: string;
}

/** Credentials from AssumeRole, in the shape SDK clients take. */
export interface AssumedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** Options for {@link fleetStatus}. */
export interface FleetStatusOptions {
  /** The version the fleet should run. @default - this package's version */
  readonly latestVersion?: string;
  /** The STS client in the central account. @default - SDK default credentials, the fleet's region */
  readonly sts?: STSClient;
  /** Makes the CloudFormation client for one trust. @default - a client with the assumed credentials in the trust's region */
  readonly cloudFormation?: (region: string, credentials: AssumedCredentials) => CloudFormationClient;
  /** How many accounts to query at once. @default 8 */
  readonly concurrency?: number;
}

/**
 * Reads every fleet trust's stack status and deployed version: assumes the read-only role in each
 * trust account (STS AssumeRole), then CloudFormation DescribeStacks on the trust's stack.
 * An account that cannot be reached becomes a row with the reason; it never aborts the report.
 */
export async function fleetStatus(fleet: Fleet, options: FleetStatusOptions = {}): Promise<FleetStatusRow[]> {
  const latest = options.latestVersion ?? ROOTSTOCK_VERSION;
  const sts = options.sts ?? new STSClient({ region: fleet.config.region });
  const makeCfn = options.cloudFormation ?? ((region, credentials) => new CloudFormationClient({ region, credentials, maxAttempts: 2 }));
  const jobs = fleet.waves.flatMap((wave) => wave.trusts.map((t) => ({ wave: wave.name, config: t.config })));
  const rows: FleetStatusRow[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      const { wave, config } = jobs[i];
      const account = config.account ?? '';
      const base = { trust: `${config.odsCode}-${config.environment}`, wave, account, region: config.region, stackName: trustStackName(config), latestVersion: latest };
      const roleArn = `arn:aws:iam::${account}:role/${fleet.config.readOnlyRoleName}`;
      let credentials: AssumedCredentials;
      try {
        const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'rootstock-fleet-status', DurationSeconds: 900 }));
        const c = assumed.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw Object.assign(new Error('AssumeRole returned no credentials'), { name: 'NoCredentials' });
        credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
      } catch (e) {
        rows[i] = { ...base, stackStatus: 'UNREACHABLE', behindBy: 'unknown', reason: `cannot assume ${roleArn}: ${describeError(e)}` };
        continue;
      }
      const cfn = makeCfn(config.region, credentials);
      try {
        const out = await cfn.send(new DescribeStacksCommand({ StackName: base.stackName }));
        const stack = out.Stacks?.[0];
        const deployed = stack?.Tags?.find((t) => t.Key === TAG_VERSION)?.Value;
        rows[i] = {
          ...base,
          stackStatus: stack?.StackStatus ?? 'UNKNOWN',
          deployedVersion: deployed,
          behindBy: deployed ? behindBy(deployed, latest) : 'unknown',
          reason: deployed ? undefined : `the stack has no ${TAG_VERSION} tag (deployed before Rootstock stamped versions, or not a Rootstock stack)`,
        };
      } catch (e) {
        const message = describeError(e);
        rows[i] = /does not exist/.test(message)
          ? { ...base, stackStatus: 'NOT_DEPLOYED', behindBy: 'unknown', reason: `no stack ${base.stackName} in ${account}/${config.region}` }
          : { ...base, stackStatus: 'UNREACHABLE', behindBy: 'unknown', reason: `cannot describe ${base.stackName}: ${message}` };
      } finally {
        cfn.destroy();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, jobs.length)) }, worker));
  return rows;
}

function describeError(e: unknown): string {
  const err = e as { name?: string; Code?: string; message?: string };
  return `${err.Code ?? err.name ?? 'Error'}: ${err.message ?? String(e)}`;
}

/** How far `deployed` is behind `latest` (semver): `up to date`, `<n> major|minor|patch`, `ahead`, or `unknown`. */
export function behindBy(deployed: string, latest: string): string {
  const parse = (v: string): number[] | undefined => {
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
    return m ? m.slice(1, 4).map(Number) : undefined;
  };
  const d = parse(deployed);
  const l = parse(latest);
  if (!d || !l) return 'unknown';
  const labels = ['major', 'minor', 'patch'];
  for (let k = 0; k < 3; k++) {
    if (d[k] < l[k]) return `${l[k] - d[k]} ${labels[k]}`;
    if (d[k] > l[k]) return 'ahead';
  }
  return 'up to date';
}

/** The fleet status as a text table. */
export function formatFleetStatus(rows: readonly FleetStatusRow[]): string {
  const header = ['trust', 'wave', 'account', 'stack status', 'deployed', 'latest', 'behind by', 'note'];
  const body = rows.map((r) => [r.trust, r.wave, r.account, r.stackStatus, r.deployedVersion ?? '-', r.latestVersion, r.behindBy, r.reason ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const unreachable = rows.filter((r) => r.stackStatus === 'UNREACHABLE').length;
  const behind = rows.filter((r) => r.behindBy !== 'up to date').length;
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')}\n\n${rows.length} trust(s): ${rows.length - behind} up to date, ${behind} behind or unknown, ${unreachable} unreachable.\n`;
}
