import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { PropsProblem } from '../../core/errors';
import { describeSecret, KEEP_SECRETS_IN_SECRETS_MANAGER, secretKind } from './secret-values';

/** How a destination names the Secrets Manager secret Firehose reads its token or key from: the secret, or its name or ARN. */
export interface SiemSecretSource {
  /**
   * The secret holding the token or key.
   *
   * @default - the secret named by `secretName`
   */
  readonly secret?: secretsmanager.ISecret;
  /**
   * The name or ARN of the secret holding the token or key (never the token itself), when `secret` is not given.
   *
   * @default - `secret` must be given
   */
  readonly secretName?: string;
}

/** What a Secrets Manager secret name or ARN looks like. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** What a Secrets Manager secret ARN looks like. */
export const SECRET_ARN_PATTERN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/** Why `value` is not the name or ARN of a secret (a token pasted in its place is described, never echoed), or undefined. */
export function secretNameProblem(value: string): string | undefined {
  if (Token.isUnresolved(value)) return undefined;
  const kind = secretKind(value);
  if (kind) return `must be the name or ARN of the Secrets Manager secret holding the token, not the token itself; got ${describeSecret(value, kind)}. ${KEEP_SECRETS_IN_SECRETS_MANAGER}`;
  const ok = value.startsWith('arn:') ? SECRET_ARN_PATTERN.test(value) : SECRET_NAME_PATTERN.test(value);
  if (!ok) {
    return `must be a Secrets Manager secret name (1 to 512 letters, digits and /_+=.@-) or ARN like arn:aws:secretsmanager:eu-west-2:111122223333:secret:rootstock/siem/hec-token-AbCdEf; got '${value}'`;
  }
  return undefined;
}

/** What is wrong with how a destination names its secret: exactly one of `secret` and `secretName`, and a name that is not a token. */
export function secretSourceProblems(source: SiemSecretSource): PropsProblem[] {
  if (source.secret && source.secretName !== undefined) {
    return [{ field: 'secretName', message: "must not be given with 'secret': give the secret, or its name or ARN, not both" }];
  }
  if (!source.secret && source.secretName === undefined) {
    return [{ field: 'secretName', message: "is required: give 'secret' or the name or ARN of the Secrets Manager secret holding the token as 'secretName'" }];
  }
  const problem = source.secretName === undefined ? undefined : secretNameProblem(source.secretName);
  return problem ? [{ field: 'secretName', message: problem }] : [];
}

/** The secret of `source`, imported by name or ARN in `scope` when only its name is given. The secret's value is never read. */
export function siemSecret(scope: Construct, source: SiemSecretSource): secretsmanager.ISecret {
  if (source.secret) return source.secret;
  const nameOrArn = source.secretName ?? '';
  if (!nameOrArn.startsWith('arn:')) return secretsmanager.Secret.fromSecretNameV2(scope, 'SiemSecret', nameOrArn);
  // A complete ARN ends in the 6-character suffix Secrets Manager adds.
  return /-[A-Za-z0-9]{6}$/.test(nameOrArn)
    ? secretsmanager.Secret.fromSecretCompleteArn(scope, 'SiemSecret', nameOrArn)
    : secretsmanager.Secret.fromSecretPartialArn(scope, 'SiemSecret', nameOrArn);
}

/** Read access to a secret: its full ARN when known, else any version suffix of the partial ARN (as `grantRead` does), and its key through Secrets Manager. */
export function secretReadStatements(secret: secretsmanager.ISecret): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: 'ReadSiemSecret',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
    }),
  ];
  if (secret.encryptionKey) {
    statements.push(new iam.PolicyStatement({
      sid: 'DecryptSiemSecret',
      actions: ['kms:Decrypt'],
      resources: [secret.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(secret).region}.amazonaws.com` } },
    }));
  }
  return statements;
}
