import { SecretValue } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/iam/IAMUserNoConsolePassword';
import { violationsOf } from '../harness';

describe('IAMUserNoConsolePassword: IAM users have no console password', () => {
  test('fails a User with a password (L2)', () => {
    expect(violationsOf(rule, (s) => new iam.User(s, 'User', { password: SecretValue.unsafePlainText('correct-horse-battery-staple') }))).toEqual(['User/Resource']);
  });

  test('fails a CfnUser with a LoginProfile (L1)', () => {
    expect(violationsOf(rule, (s) => new iam.CfnUser(s, 'User', { loginProfile: { password: '{{resolve:secretsmanager:pw}}' } }))).toEqual(['User']);
  });

  test('passes a User without a password', () => {
    expect(violationsOf(rule, (s) => new iam.User(s, 'User'))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
