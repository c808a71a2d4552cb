import { Token } from 'aws-cdk-lib';
import { httpsUrlProblem } from '../../core/checks';
import { describeSecret, KEEP_SECRETS_IN_SECRETS_MANAGER, secretKind } from './secret-values';

/**
 * Why `url` is not an endpoint Firehose may deliver security logs to (an https URL with no
 * credentials and no token in it; port 443 only when `port443`), or undefined. A URL carrying a
 * secret is described by kind and length, never echoed.
 */
export function siemEndpointProblem(url: string, options: { readonly port443?: boolean } = {}): string | undefined {
  if (Token.isUnresolved(url)) return undefined;
  const kind = secretKind(url);
  if (kind) return `must not carry credentials or a token; got ${describeSecret(url, kind)}. ${KEEP_SECRETS_IN_SECRETS_MANAGER}`;
  const problem = httpsUrlProblem(url, 'Firehose sends security logs only over TLS');
  if (problem) return problem;
  if (options.port443 && !['', '443'].includes(new URL(url).port)) {
    return `must use port 443: Firehose delivers to HTTP endpoints on port 443 only; got '${url}'`;
  }
  return undefined;
}
