import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { TrustConfig } from '../config/schema';
import { UserError } from '../errors';
import { knownProfiles, namedProfile, sharedFiles } from './profile';
import { resolveAwsRegion, type ResolvedRegion } from './region';
import { quietSdkNodeVersionWarning } from './sdk-warnings';

/** Makes the STS client preflight calls. Tests pass one pointed at a local endpoint. */
export type StsClientFactory = (options: { readonly region: string; readonly profile?: string }) => STSClient;

/** The default: the SDK's own credential chain and regional STS endpoint. */
export const defaultStsClientFactory: StsClientFactory = ({ region, profile }) => {
  quietSdkNodeVersionWarning();
  return new STSClient({ region, profile, maxAttempts: 2 });
};

/** Options for {@link runPreflight}. */
export interface PreflightOptions {
  /** The trust to check against; without it only the credentials and the root user are checked. @default - no trust */
  readonly trust?: { readonly file?: string; readonly config: TrustConfig };
  /** The named profile to use. @default - AWS_PROFILE, else the default profile */
  readonly profile?: string;
  /** The region to check. @default - resolved like the AWS CLI (AWS_REGION, AWS_DEFAULT_REGION, profile) */
  readonly region?: ResolvedRegion;
  /** How to make the STS client. @default defaultStsClientFactory */
  readonly clientFactory?: StsClientFactory;
}

/** Who the caller is, once preflight has passed. */
export interface PreflightResult {
  /** The caller's ARN (user, assumed role, or federated user). */
  readonly arn: string;
  /** The caller's account id. */
  readonly account: string;
  /** The caller's user id. */
  readonly userId: string;
  /** The region a deploy would use. */
  readonly region: string;
  /** Where the region came from. */
  readonly regionSource: string;
  /** The trust checked against, if any: `<ODS>-<environment>`. */
  readonly trust?: string;
}

/** The exit code of every preflight failure: the user's environment needs fixing. */
export const PREFLIGHT_EXIT_CODE = 2;

const ROOT_ARN = /^arn:aws[a-z-]*:iam::\d{12}:root$/;
const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const INVALID_CODES = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'IncompleteSignature', 'AccessDenied', 'InvalidAccessKeyId']);

/**
 * Proves the shell's AWS credentials, account and region match a trust before a deploy.
 *
 * Calls STS GetCallerIdentity (needs no permissions) and compares the answer with the trust config.
 *
 * @throws UserError (exit 2) with one paragraph naming the problem and the fix: no credentials,
 *   expired or invalid credentials, no region, wrong account, wrong region, root user.
 */
export async function runPreflight(options: PreflightOptions = {}): Promise<PreflightResult> {
  const trust = options.trust;
  const label = trust ? `${trust.config.odsCode}-${trust.config.environment}` : undefined;
  const where = trust ? ` for ${label} (${trust.config.name}${trust.file ? `, ${trust.file}` : ''})` : '';
  const profile = namedProfile(options.profile);
  if (profile) {
    // A profile that does not exist otherwise surfaces as "no credentials" or "no region".
    const known = await knownProfiles();
    if (!known.includes(profile.name)) {
      const files = sharedFiles();
      const useKnown = profile.from === '--profile' ? 'pass --profile <profile> with one of them' : "'export AWS_PROFILE=<profile>' with one of them";
      const other = [known.length ? useKnown : undefined, profile.from === 'AWS_PROFILE' ? "'unset AWS_PROFILE' to use the default credentials" : undefined].filter(Boolean);
      const instead = other.length ? `, or ${other.join(', or ')}` : '';
      throw new UserError(
        `Preflight failed${where}: AWS profile '${profile.name}' (from ${profile.from}) was not found. The SDK looked in ${files.description}, ` +
          `which define ${known.length ? `the profiles ${known.join(', ')}` : 'no profiles'}. ` +
          `Create it ('aws configure sso --profile ${profile.name}' for IAM Identity Center, or 'aws configure --profile ${profile.name}')${instead}; then run preflight again.`,
        PREFLIGHT_EXIT_CODE,
      );
    }
  }
  const resolved = options.region ?? (await resolveAwsRegion({ profile: options.profile }));
  if (!resolved.region) {
    const fix = trust ? trust.config.region : 'eu-west-2';
    const inProfile = `add region = ${fix} to ${profile ? `profile '${profile.name}'` : 'the [default] profile'} in ${sharedFiles().config}`;
    throw new UserError(
      `Preflight failed${where}: no AWS region is set (checked AWS_REGION, AWS_DEFAULT_REGION and the region of ${profile ? `profile '${profile.name}'` : 'the default profile'}). ` +
        `Run 'export AWS_REGION=${fix}' (or ${inProfile}) and run preflight again.`,
      PREFLIGHT_EXIT_CODE,
    );
  }
  const region = resolved.region;
  const client = (options.clientFactory ?? defaultStsClientFactory)({ region, profile: options.profile });
  let identity: { Arn?: string; Account?: string; UserId?: string };
  try {
    identity = await client.send(new GetCallerIdentityCommand({}));
  } catch (e) {
    throw explainStsError(e, where, profile?.name);
  } finally {
    client.destroy();
  }
  const arn = identity.Arn ?? '';
  const account = identity.Account ?? '';
  const who = `You are ${arn} in account ${account}, region ${region} (from ${resolved.source}).`;

  if (ROOT_ARN.test(arn)) {
    throw new UserError(
      `Preflight failed${where}: ${who} That is the account's root user. Never deploy as root: ` +
        "sign in through IAM Identity Center ('aws sso login --profile <deployment profile>') or assume a deployment role, then run preflight again.",
      PREFLIGHT_EXIT_CODE,
    );
  }
  if (trust) {
    const problems: string[] = [];
    const cfg = trust.config;
    const file = trust.file ?? 'the trust config';
    if (!cfg.account) {
      problems.push(
        `The trust config ${file} has no account, so nothing ties ${label} to an AWS account. Add account: "<12-digit account id>" to ${file} before deploying ` +
          `(if ${account} is the trust's account: account: "${account}").`,
      );
    } else if (cfg.account !== account) {
      problems.push(
        `Your credentials are for account ${account}, but ${label} deploys to account ${cfg.account} (${file}). ` +
          `Switch to credentials for ${cfg.account} ('aws sso login --profile <that account's profile>' then 'export AWS_PROFILE=<that account's profile>') and run preflight again.`,
      );
    }
    if (region !== cfg.region) {
      problems.push(
        `Your region is ${region} (from ${resolved.source}), but ${label} deploys to ${cfg.region} (${file}). ` +
          `Run 'export AWS_REGION=${cfg.region}' and run preflight again.`,
      );
    }
    if (problems.length > 0) {
      throw new UserError(`Preflight failed${where}: ${who} ${problems.join(' ')}`, PREFLIGHT_EXIT_CODE);
    }
  }
  return { arn, account, userId: identity.UserId ?? '', region, regionSource: resolved.source, trust: label };
}

/** Turns an SDK failure into one paragraph with the fix. */
function explainStsError(e: unknown, where: string, profile: string | undefined): UserError {
  const err = e as { name?: string; Code?: string; code?: string; message?: string };
  const code = err.Code ?? (err.name && err.name !== 'Error' ? err.name : err.code) ?? 'Error';
  const message = err.message ?? String(e);
  // The same profile name (or the same placeholder) in every command the fix suggests.
  const name = profile ?? '<profile>';
  const login = `aws sso login --profile ${name}`;
  if ((code === 'CredentialsProviderError' || code === 'TokenProviderError') && /expired/i.test(message)) {
    return new UserError(`Preflight failed${where}: your AWS sign-in has expired (${message.split('\n')[0]}). Run '${login}' and run preflight again.`, PREFLIGHT_EXIT_CODE);
  }
  if (code === 'CredentialsProviderError' || code === 'TokenProviderError') {
    return new UserError(
      `Preflight failed${where}: no AWS credentials found (the SDK looked in environment variables, the shared config and credentials files, SSO, and instance or container roles). ` +
        `Get credentials for the trust's account: '${login}' then 'export AWS_PROFILE=${name}' (IAM Identity Center), ` +
        'or export AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from temporary credentials; then run preflight again.',
      PREFLIGHT_EXIT_CODE,
    );
  }
  if (EXPIRED_CODES.has(code)) {
    return new UserError(
      `Preflight failed${where}: your AWS credentials have expired (${code}: ${message}). ` +
        `Refresh them ('${login}', or new temporary credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN) and run preflight again.`,
      PREFLIGHT_EXIT_CODE,
    );
  }
  if (INVALID_CODES.has(code)) {
    return new UserError(
      `Preflight failed${where}: AWS rejected your credentials (${code}: ${message}). ` +
        'The access key is unknown, deactivated or mistyped, or the secret key does not match. ' +
        `Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or your profile, or sign in again ('${login}'), then run preflight again.`,
      PREFLIGHT_EXIT_CODE,
    );
  }
  if (code === 'RequestExpired' || code === 'InvalidSignatureException') {
    return new UserError(`Preflight failed${where}: AWS rejected the request's timestamp (${code}: ${message}). Your computer's clock is probably wrong: sync it and run preflight again.`, PREFLIGHT_EXIT_CODE);
  }
  const network = /\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|TimeoutError)\b/.exec(`${code} ${message}`);
  if (network) {
    return new UserError(`Preflight failed${where}: cannot reach AWS STS (${network[1]}: ${message.replace(/^AWS SDK error wrapper for /, '')}). Check your network, proxy (HTTPS_PROXY) and AWS_ENDPOINT_URL settings, then run preflight again.`, PREFLIGHT_EXIT_CODE);
  }
  return new UserError(`Preflight failed${where}: STS GetCallerIdentity failed (${code}: ${message}). Check your credentials and network, then run preflight again.`, PREFLIGHT_EXIT_CODE);
}

/** The success report, as printed by `rootstock preflight`. */
export function formatPreflight(result: PreflightResult): string {
  const lines = [
    result.trust ? `Preflight passed for ${result.trust}.` : 'Preflight passed (no --trust given: account and region were not compared with a trust config).',
    `  caller   ${result.arn}`,
    `  account  ${result.account}`,
    `  region   ${result.region} (from ${result.regionSource})`,
  ];
  return `${lines.join('\n')}\n`;
}
