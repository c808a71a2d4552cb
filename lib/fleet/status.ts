import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { quietSdkNodeVersionWarning } from '../preflight/sdk-warnings';
import { UserError } from '../errors';
import { TAG_VERSION, trustStackName } from '../trust-stack';
import { ROOTSTOCK_VERSION } from '../version';
import { pacedCaller } from './calls';
import { COMPLIANCE_OUTPUT_ID, parseComplianceRecord, type ComplianceRecord } from './compliance-record';
import type { Fleet } from './config';
import { checkCallerCredentials, describeError } from './credentials';
import { detectStackDrift, type StackDrift } from './drift';
import { behindBy, supportOf, type Support } from './versions';

export { behindBy } from './versions';

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
  /** Whether the deployed version is within the support window. */
  readonly support: Support;
  /** The stack's drift (NOT_CHECKED with --no-drift or when the stack cannot be read). */
  readonly drift: StackDrift;
  /** What the deployed stack recorded at synthesis (packs, rule list, acknowledgements). */
  readonly compliance?: ComplianceRecord;
  /** Whole days until the nearest acknowledgement expires (negative: expired). */
  readonly expiresInDays?: number;
  /** Why the row has less than a full status (unreachable account, no version tag, no record). */
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
  /** Minor versions behind latest (same major) still supported. @default 2 */
  readonly supportWindow?: number;
  /** Run drift detection on each stack. @default true */
  readonly drift?: boolean;
  /** Longest wait for one stack's drift detection. @default 300000 (5 minutes) */
  readonly driftTimeoutMs?: number;
  /** Time between drift detection status checks. @default 5000 */
  readonly driftPollMs?: number;
  /** Most AWS calls in flight at once, across all accounts. @default 16 */
  readonly concurrency?: number;
  /** Attempts per AWS call when throttled. @default 6 */
  readonly attempts?: number;
  /** Backoff before the first retry of a throttled call. @default 500 */
  readonly retryBaseMs?: number;
  /** The STS client in the central account. @default - SDK default credentials, the fleet's region */
  readonly sts?: STSClient;
  /** Makes the CloudFormation client for one trust. @default - a client with the assumed credentials in the trust's region */
  readonly cloudFormation?: (region: string, credentials: AssumedCredentials) => CloudFormationClient;
  /** Waits (tests pass a virtual clock). @default - setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock in milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** A semantic version `x.y.z` (with an optional pre-release, like 1.2.0-rc.1). */
export const SEMVER_PATTERN = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/**
 * Reads every fleet trust's stack status, deployed version, drift and compliance record: checks
 * the caller has AWS credentials (STS GetCallerIdentity, once), assumes the read-only role in each
 * trust account (with the fleet's external id), reads the stack (DescribeStacks: status, version
 * tag, compliance output) and detects its drift.
 *
 * All trusts proceed at once while at most `concurrency` AWS calls are in flight; throttled calls
 * back off and retry; a drift detection is waited for at most `driftTimeoutMs`. An account that
 * cannot be reached becomes a row with the reason; it never aborts the report.
 *
 * @throws UserError (exit 2) when latestVersion is not x.y.z, or the caller has no usable credentials
 */
export async function fleetStatus(fleet: Fleet, options: FleetStatusOptions = {}): Promise<FleetStatusRow[]> {
  const latest = options.latestVersion ?? ROOTSTOCK_VERSION;
  if (!SEMVER_PATTERN.test(latest)) {
    throw new UserError(`latestVersion: must be a semantic version x.y.z, like ${ROOTSTOCK_VERSION}; got '${latest}'. Give the Rootstock version the fleet should run.`, 2);
  }
  quietSdkNodeVersionWarning();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const call = pacedCaller({ concurrency: options.concurrency ?? 16, attempts: options.attempts ?? 6, baseDelayMs: options.retryBaseMs ?? 500, sleep });
  // Retries are paced here (and tested); the SDK's own would retry behind the limiter's back.
  const sts = options.sts ?? new STSClient({ region: fleet.config.region, maxAttempts: 1 });
  await checkCallerCredentials(sts, fleet);
  const makeCfn = options.cloudFormation ?? ((region, credentials) => new CloudFormationClient({ region, credentials, maxAttempts: 1 }));
  const jobs = fleet.waves.flatMap((wave) => wave.trusts.map((t) => ({ wave: wave.name, config: t.config })));
  const drift = options.drift ?? true;
  return Promise.all(
    jobs.map(async ({ wave, config }): Promise<FleetStatusRow> => {
      const account = config.account ?? '';
      const stackName = trustStackName(config);
      const base = { trust: `${config.odsCode}-${config.environment}`, wave, account, region: config.region, stackName, latestVersion: latest };
      const unread = (stackStatus: string, reason: string): FleetStatusRow => ({ ...base, stackStatus, behindBy: 'unknown', support: 'unknown', drift: { status: 'NOT_CHECKED', resources: [], reason }, reason });
      const roleArn = `arn:aws:iam::${account}:role/${fleet.config.readOnlyRoleName}`;
      let credentials: AssumedCredentials;
      try {
        const assumed = await call(() => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'rootstock-fleet-status', DurationSeconds: 900, ExternalId: fleet.config.externalId })));
        const c = assumed.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw Object.assign(new Error('AssumeRole returned no credentials'), { name: 'NoCredentials' });
        credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
      } catch (e) {
        return unread('UNREACHABLE', `cannot assume ${roleArn}: ${describeError(e)}`);
      }
      const cfn = makeCfn(config.region, credentials);
      try {
        let stack;
        try {
          stack = (await call(() => cfn.send(new DescribeStacksCommand({ StackName: stackName })))).Stacks?.[0];
        } catch (e) {
          const message = describeError(e);
          return /does not exist/.test(message) ? unread('NOT_DEPLOYED', `no stack ${stackName} in ${account}/${config.region}`) : unread('UNREACHABLE', `cannot describe ${stackName}: ${message}`);
        }
        const deployed = stack?.Tags?.find((t) => t.Key === TAG_VERSION)?.Value;
        const compliance = parseComplianceRecord(stack?.Outputs?.find((o) => o.OutputKey === COMPLIANCE_OUTPUT_ID)?.OutputValue);
        const reasons = [
          deployed ? undefined : `the stack has no ${TAG_VERSION} tag (deployed before Rootstock stamped versions, or not a Rootstock stack)`,
          compliance ? undefined : `the stack has no ${COMPLIANCE_OUTPUT_ID} output (deployed before fleet access, or outside the fleet pipeline)`,
        ].filter((r): r is string => r !== undefined);
        const driftResult: StackDrift = drift
          ? await detectStackDrift(cfn, stackName, { timeoutMs: options.driftTimeoutMs ?? 300_000, pollMs: options.driftPollMs ?? 5000, sleep, now, call })
          : { status: 'NOT_CHECKED', resources: [], reason: 'drift detection skipped (--no-drift)' };
        const expiry = compliance?.nearestExpiry?.date;
        return {
          ...base,
          stackStatus: stack?.StackStatus ?? 'UNKNOWN',
          deployedVersion: deployed,
          behindBy: deployed ? behindBy(deployed, latest) : 'unknown',
          support: deployed ? supportOf(deployed, latest, options.supportWindow ?? 2) : 'unknown',
          drift: driftResult,
          compliance,
          expiresInDays: expiry ? Math.floor((Date.parse(`${expiry}T00:00:00Z`) - Date.parse(`${new Date(now()).toISOString().slice(0, 10)}T00:00:00Z`)) / 86_400_000) : undefined,
          reason: reasons.length ? reasons.join('; ') : undefined,
        };
      } finally {
        cfn.destroy();
      }
    }),
  );
}
