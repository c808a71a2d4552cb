import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FLEET_DATA_READS_DENIED, FleetReadOnlyRole, fleetReadOnlyRoleProblems, type FleetReadOnlyRoleProps } from '../../../constructs/fleet';
import { DESIGN_REVIEW, unacknowledgedFindings } from '../../../policies/acknowledge';
import { applyDesignFindings, designFindingsOf } from '../../../lib/trust-stack/design-findings';

interface Statement { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown; Principal?: unknown }

function build(props: Partial<FleetReadOnlyRoleProps> = {}): { stack: Stack; template: Template; role: FleetReadOnlyRole } {
  const app = new App();
  const stack = new Stack(app, 'Trust', { stackName: 'Rootstock-RXX-prod', env: { account: '111122223333', region: 'eu-west-2' } });
  new s3.Bucket(stack, 'Bucket');
  const role = new FleetReadOnlyRole(stack, 'FleetReadOnly', { fleetAccount: '999988887777', externalId: 'rootstock-fleet-7f3a9c', ...props });
  // A resource added after the role: its service is still covered.
  new sns.Topic(stack, 'Topic');
  return { stack, template: Template.fromStack(stack), role };
}

function statements(template: Template): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as Array<{ Properties: { PolicyDocument: { Statement: Statement[] } } }>;
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

const list = (a: string | string[]): string[] => (Array.isArray(a) ? a : [a]);

describe('FleetReadOnlyRole: what the central account may do in a trust account', () => {
  test('is trusted by the fleet account alone, and only with the external id', () => {
    // GIVEN / WHEN
    const { template } = build();
    // THEN
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'RootstockFleetReadOnly',
      AssumeRolePolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::999988887777:root']] } }, Condition: { StringEquals: { 'sts:ExternalId': 'rootstock-fleet-7f3a9c' } } }],
      },
    });
  });

  test('requires the organisation instead of (or as well as) the external id', () => {
    const { template } = build({ externalId: undefined, organizationId: 'o-a1b2c3d4e5' });
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [{ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }] } });
    const both = build({ organizationId: 'o-a1b2c3d4e5' }).template;
    both.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [{ Condition: { StringEquals: { 'sts:ExternalId': 'rootstock-fleet-7f3a9c', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }] } });
  });

  test('describes and drift-checks only its own stack', () => {
    const s = statements(build().template);
    const own = s.find((x) => x.Sid === 'DescribeAndDriftCheckThisStack') as Statement;
    expect(list(own.Action).sort()).toEqual(['cloudformation:DescribeStackResourceDrifts', 'cloudformation:DescribeStackResources', 'cloudformation:DescribeStacks', 'cloudformation:DetectStackDrift', 'cloudformation:DetectStackResourceDrift']);
    expect(JSON.stringify(own.Resource)).toContain(':stack/Rootstock-RXX-prod/*');
  });

  test('reads configuration of the services in the stack only, and never data', () => {
    const s = statements(build().template);
    const reads = s.find((x) => x.Sid === 'ReadConfigurationForDriftDetection') as Statement;
    // The bucket, the topic, and the role itself: their services, nothing else.
    expect(list(reads.Action)).toEqual(['iam:Describe*', 'iam:Get*', 'iam:List*', 's3:Describe*', 's3:Get*', 's3:List*', 'sns:Describe*', 'sns:Get*', 'sns:List*']);
    const deny = s.find((x) => x.Effect === 'Deny') as Statement;
    expect(list(deny.Action)).toEqual([...FLEET_DATA_READS_DENIED]);
    for (const data of ['s3:GetObject*', 'secretsmanager:GetSecretValue', 'logs:GetLogEvents', 'kms:Decrypt', 'healthlake:ReadResource', 'cognito-idp:ListUsers*']) expect(list(deny.Action)).toContain(data);
    const allowed = s.filter((x) => x.Effect === 'Allow').flatMap((x) => list(x.Action));
    expect(allowed.filter((a) => !/^[a-z0-9-]+:(Describe|Get|List|Detect)/.test(a))).toEqual([]);
  });

  test('its by-design findings are exactly what AwsSolutions raises, and acknowledged leave none open', () => {
    // GIVEN the role's findings applied the way TrustStack applies them
    const { stack } = build();
    const app = stack.node.root as App;
    applyDesignFindings(stack, DESIGN_REVIEW);
    app.synth();
    // THEN nothing open, and every recorded finding is still raised (none stale)
    expect(unacknowledgedFindings(stack, [new AwsSolutionsChecks(app)]).filter((f) => f.constructPath.includes('FleetReadOnly'))).toEqual([]);
    const recorded = designFindingsOf(stack).map((f) => f.ruleId);
    const raised = new Set(new AwsSolutionsChecks(new App()).validateScope(stack).violations.map((v) => v.ruleName));
    expect(recorded.filter((id) => !raised.has(id))).toEqual([]);
    expect(recorded.length).toBeGreaterThan(3);
  });

  test('fails without an external id or organisation, or with a bad account, naming each field', () => {
    expect(fleetReadOnlyRoleProblems({ fleetAccount: '9999', externalId: undefined })).toEqual([
      { field: 'fleetAccount', message: "must be the central account's 12-digit id, like \"999988887777\"; got '9999'" },
      { field: 'externalId', message: 'give externalId (sts:ExternalId) or organizationId (aws:PrincipalOrgID), or both: a role trusted by an account alone is open to the confused-deputy problem' },
    ]);
    expect(() => build({ externalId: undefined })).toThrow(/FleetReadOnlyRole Trust\/FleetReadOnly.*externalId/s);
    const bad = fleetReadOnlyRoleProblems({ fleetAccount: '999988887777', externalId: 'has spaces in it', organizationId: 'org-1' });
    expect(bad.map((p) => p.field)).toEqual(['externalId', 'organizationId']);
    expect(bad[0].message).not.toContain('has spaces');
  });
});
