import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { UserError } from '../errors';
import type { Fleet } from './config';

const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const INVALID_CODES = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidAccessKeyId']);

/**
 * Checks the caller's own credentials once (STS GetCallerIdentity). Without them every AssumeRole fails the same way: say so once, with the fix,
 * instead of a report of identical UNREACHABLE rows.
 */
export async function checkCallerCredentials(sts: STSClient, fleet: Fleet): Promise<void> {
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

export function describeError(e: unknown): string {
  const err = e as { name?: string; Code?: string; message?: string };
  return `${err.Code ?? err.name ?? 'Error'}: ${err.message ?? String(e)}`;
}
