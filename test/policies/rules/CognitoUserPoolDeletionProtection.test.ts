import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/cognito/CognitoUserPoolDeletionProtection';
import { violationsOf } from '../harness';

describe('CognitoUserPoolDeletionProtection: user pools have deletion protection ACTIVE', () => {
  test('fails a UserPool without deletion protection (L2)', () => {
    expect(violationsOf(rule, (s) => new cognito.UserPool(s, 'Pool'))).toEqual(['Pool/Resource']);
  });

  test('fails a CfnUserPool with DeletionProtection INACTIVE (L1)', () => {
    expect(violationsOf(rule, (s) => new cognito.CfnUserPool(s, 'Pool', { deletionProtection: 'INACTIVE' }))).toEqual(['Pool']);
  });

  test('passes a UserPool with deletion protection', () => {
    expect(violationsOf(rule, (s) => new cognito.UserPool(s, 'Pool', { deletionProtection: true }))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
