import { CfnParameter, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/iam/IAMPolicyNoAdminAccess';
import { violationsOf } from '../harness';

const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*:*', Resource: '*' }] };

describe("IAMPolicyNoAdminAccess: no Allow of Action '*' on Resource '*', no AdministratorAccess", () => {
  const role = (s: Stack) => new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

  test("fails an iam.Policy allowing '*' on '*' (L2)", () => {
    expect(
      violationsOf(rule, (s) => new iam.Policy(s, 'Policy', { roles: [role(s)], statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] })),
    ).toEqual(['Policy/Resource']);
  });

  test("fails a ManagedPolicy allowing '*' on '*' (L2)", () => {
    expect(violationsOf(rule, (s) => new iam.ManagedPolicy(s, 'Managed', { statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] }))).toEqual([
      'Managed/Resource',
    ]);
  });

  test('fails a Role with the AdministratorAccess managed policy (L2)', () => {
    expect(
      violationsOf(rule, (s) =>
        new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')] }),
      ),
    ).toEqual(['Role/Resource']);
  });

  test("fails a CfnRole with an inline '*:*' policy (L1)", () => {
    expect(
      violationsOf(rule, (s) => new iam.CfnRole(s, 'Role', { assumeRolePolicyDocument: {}, policies: [{ policyName: 'admin', policyDocument: ADMIN }] })),
    ).toEqual(['Role']);
  });

  test("fails a CfnUser and a CfnGroup with inline '*' policies (L1)", () => {
    expect(
      violationsOf(rule, (s) => {
        new iam.CfnUser(s, 'User', { policies: [{ policyName: 'admin', policyDocument: ADMIN }] });
        new iam.CfnGroup(s, 'Group', { policies: [{ policyName: 'admin', policyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: ['*'] }] } }] });
      }),
    ).toEqual(['User', 'Group']);
  });

  test('fails closed on a CfnPolicy whose document cannot be read (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        const doc = new CfnParameter(s, 'Doc', { type: 'String' });
        new iam.CfnPolicy(s, 'Policy', { policyName: 'p', roles: ['r'], policyDocument: doc.valueAsString });
      }),
    ).toEqual(['Policy']);
  });

  test('passes scoped policies, wildcards on one service, and Deny * on *', () => {
    expect(
      violationsOf(rule, (s) => {
        const r = role(s);
        r.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:*'], resources: ['*'] }));
        r.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['arn:aws:s3:::bucket/*'] }));
        r.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] }));
        // A single referenced resource renders as an intrinsic (Fn::GetAtt): specific, not '*'.
        r.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: [new sqs.Queue(s, 'Queue').queueArn] }));
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});

describe('IAMPolicyNoAdminAccess: conditional policies (Fn::If) are judged branch by branch', () => {
  const narrow = { PolicyName: 'n', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] } };
  const admin = { PolicyName: 'a', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
  const roleWith = (policies: unknown) => (s: Stack) => {
    // GIVEN a raw role whose Policies hold a condition, as AWS's sample templates write it
    new iam.CfnRole(s, 'Role', { assumeRolePolicyDocument: {} }).addPropertyOverride('Policies', policies);
  };

  test('passes a narrow policy or AWS::NoValue behind a condition (the AWS sample template shape)', () => {
    expect(violationsOf(rule, roleWith([{ 'Fn::If': ['C', narrow, { Ref: 'AWS::NoValue' }] }]))).toEqual([]);
  });

  test('fails when either branch grants administrator access', () => {
    expect(violationsOf(rule, roleWith([{ 'Fn::If': ['C', narrow, admin] }]))).toEqual(['Role']);
    expect(violationsOf(rule, roleWith({ 'Fn::If': ['C', [narrow], [admin]] }))).toEqual(['Role']);
  });

  test('fails closed on a policy list given by a parameter', () => {
    expect(violationsOf(rule, roleWith({ Ref: 'PolicyList' }))).toEqual(['Role']);
  });
});
