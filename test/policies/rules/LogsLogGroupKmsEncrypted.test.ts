import { Fn } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import rule from '../../../policies/rules/logs/LogsLogGroupKmsEncrypted';
import { violationsOf } from '../harness';

describe('LogsLogGroupKmsEncrypted: log groups are encrypted with a customer-managed KMS key', () => {
  test('fails a log group without a key (L2)', () => {
    expect(violationsOf(rule, (s) => new logs.LogGroup(s, 'Logs'))).toEqual(['Logs/Resource']);
  });

  test('fails a CfnLogGroup without a key (L1)', () => {
    expect(violationsOf(rule, (s) => new logs.CfnLogGroup(s, 'Logs', { retentionInDays: 365 }))).toEqual(['Logs']);
  });

  test('fails a CfnLogGroup whose key is an unjudgeable import (L1)', () => {
    expect(violationsOf(rule, (s) => new logs.CfnLogGroup(s, 'Logs', { kmsKeyId: Fn.importValue('SharedKeyArn') }))).toEqual(['Logs']);
  });

  test('passes log groups encrypted with a stack key (L2) and an imported key ARN (L2 fromKeyArn)', () => {
    expect(
      violationsOf(rule, (s) => {
        new logs.LogGroup(s, 'Logs', { encryptionKey: new kms.Key(s, 'Key') });
        new logs.LogGroup(s, 'Imported', {
          encryptionKey: kms.Key.fromKeyArn(s, 'Shared', 'arn:aws:kms:eu-west-2:111111111111:key/11111111-2222-3333-4444-555555555555'),
        });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key'))).toEqual([]);
  });
});
