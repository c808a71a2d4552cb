import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { UserError } from '../errors';
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

/** A semantic version `x.y.z` (with an optional pre-release, like 1.2.0-rc.1). */
export const SEMVER_PATTERN = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/**
 * Reads every fleet trust's stack status and deployed version: checks the caller has AWS credentials
 * (STS GetCallerIdentity, once), assumes the read-only role in each trust account (STS AssumeRole),
 * then CloudFormation DescribeStacks on the trust's stack.
 * An account that cannot be reached becomes a row with the reason; it never aborts the report.
 *
 * @throws UserError (exit 2) when latestVersion is not x.y.z, or the caller has no usable credentials
 */
export async function fleetStatus(fleet: Fleet, options: FleetStatusOptions = {}): Promise<FleetStatusRow[]> {
  const latest = options.latestVersion ?? ROOTSTOCK_VERSION;
  if (!SEMVER_PATTERN.test(latest)) {
    throw new UserError(`latestVersion: must be a semantic version x.y.z, like ${ROOTSTOCK_VERSION}; got '${latest}'. Give the Rootstock version the fleet should run.`, 2);
  }
  const sts = options.sts ?? new STSClient({ region: fleet.config.region });
  await checkCallerCredentials(sts, fleet);
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

const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const INVALID_CODES = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidAccessKeyId']);

/**
 * Without the caller's own credentials every AssumeRole fails the same way: say so once, with the fix,
 * instead of a report of identical UNREACHABLE rows.
 */
async function checkCallerCredentials(sts: STSClient, fleet: Fleet): Promise<void> {
  try {
    await sts.send(new GetCallerIdentityCommand({}));
  } catch (e) {
    const err = e as { name?: string; Code?: string; message?: string };
    const code = err.Code ?? err.name ?? 'Error';
    const detail = `${code}: ${(err.message ?? String(e)).split('\n')[0]}`;
    const profile = process.env.AWS_PROFILE;
    const p = profile ?? '<profile>';
    const account = fleet.config.pipelineAccount;
    const fix =
      `Get credentials for the pipeline (central) account ${account} (pipelineAccount in ${fleet.file}): 'aws sso login --profile ${p}' then 'export AWS_PROFILE=${p}' (IAM Identity Center), ` +
      'or export AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from temporary credentials; then run fleet-status again.';
    const why = `fleet-status signs in as the pipeline account and assumes ${fleet.config.readOnlyRoleName} in each trust account from there.`;
    if (code === 'CredentialsProviderError' || code === 'TokenProviderError') {
      const expired = /expired/i.test(detail);
      throw new UserError(
        `fleet-status: ${expired ? 'your AWS sign-in has expired' : 'no AWS credentials found'}${profile ? ` (AWS_PROFILE=${profile}; if that profile is not in your AWS config file, create it with 'aws configure sso --profile ${profile}')` : ''}: ${detail}. ` +
          `${expired ? '' : 'The SDK looked in environment variables, the shared config and credentials files, SSO, and instance or container roles. '}${why} ${fix}`,
        2,
      );
    }
    if (EXPIRED_CODES.has(code)) throw new UserError(`fleet-status: your AWS credentials have expired (${detail}). ${why} ${fix}`, 2);
    if (INVALID_CODES.has(code)) throw new UserError(`fleet-status: AWS rejected your credentials (${detail}): the access key is unknown, deactivated or mistyped, or the secret does not match. ${fix}`, 2);
    throw new UserError(
      `fleet-status: cannot check your AWS credentials with STS in ${fleet.config.region} (${detail}). ${why} ` +
        'Check your network or proxy (and AWS_ENDPOINT_URL_STS, if set), then run fleet-status again.',
      2,
    );
  }
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
