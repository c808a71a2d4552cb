import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/kms/KMSKeyDeletionWindowMaximum';
import { violationsOf } from '../harness';

describe('KMSKeyDeletionWindowMaximum: keys keep the 30-day pending-deletion window', () => {
  test('fails a key with a 7-day pending window (L2)', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key', { pendingWindow: Duration.days(7) }))).toEqual(['Key/Resource']);
  });

  test('fails a CfnKey with PendingWindowInDays 10 (L1)', () => {
    expect(violationsOf(rule, (s) => new kms.CfnKey(s, 'Key', { pendingWindowInDays: 10 }))).toEqual(['Key']);
  });

  test('passes the default window and an explicit 30 days', () => {
    expect(
      violationsOf(rule, (s) => {
        new kms.Key(s, 'Default');
        new kms.Key(s, 'Explicit', { pendingWindow: Duration.days(30) });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
