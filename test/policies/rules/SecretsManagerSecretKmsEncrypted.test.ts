import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import rule from '../../../policies/rules/secretsmanager/SecretsManagerSecretKmsEncrypted';
import { violationsOf } from '../harness';

describe('SecretsManagerSecretKmsEncrypted: secrets are encrypted with a customer-managed KMS key', () => {
  test('fails a secret with the default aws/secretsmanager key (L2)', () => {
    expect(violationsOf(rule, (s) => new secretsmanager.Secret(s, 'Secret'))).toEqual(['Secret/Resource']);
  });

  test('fails a CfnSecret naming alias/aws/secretsmanager (L1)', () => {
    expect(violationsOf(rule, (s) => new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: 'alias/aws/secretsmanager' }))).toEqual(['Secret']);
  });

  test('passes a secret encrypted with a customer key (L2 and L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        const key = new kms.Key(s, 'Key');
        new secretsmanager.Secret(s, 'Secret', { encryptionKey: key });
        new secretsmanager.CfnSecret(s, 'Raw', { kmsKeyId: key.keyArn });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key'))).toEqual([]);
  });
});
