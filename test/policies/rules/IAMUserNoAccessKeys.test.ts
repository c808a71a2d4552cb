import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/iam/IAMUserNoAccessKeys';
import { violationsOf } from '../harness';

describe('IAMUserNoAccessKeys: stacks create no IAM access keys', () => {
  test('fails an AccessKey (L2)', () => {
    expect(violationsOf(rule, (s) => new iam.AccessKey(s, 'Key', { user: new iam.User(s, 'User') }))).toEqual(['Key/Resource']);
  });

  test('fails an inactive CfnAccessKey (L1)', () => {
    expect(violationsOf(rule, (s) => new iam.CfnAccessKey(s, 'Key', { userName: 'someone', status: 'Inactive' }))).toEqual(['Key']);
  });

  test('passes users and roles without access keys', () => {
    expect(
      violationsOf(rule, (s) => {
        new iam.User(s, 'User');
        new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
