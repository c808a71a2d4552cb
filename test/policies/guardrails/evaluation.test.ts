import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import {
  executionPolicyDocuments,
  permissionsBoundaryDocument,
  trustServiceControlPolicies,
  type IamPolicyJson,
} from '../../../policies/guardrails';
import { trustResourceTypes } from './trust-resource-types';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadTrustFile } from '../../../lib/config/loader';
import { TrustStack } from '../../../lib/trust-stack';

/**
 * The guardrails proven by evaluation, not by reading: every request below goes through
 * @cloud-copilot/iam-simulate with the real documents (SCPs on the trust OU, the permissions
 * boundary, the execution policy derived from the synthesised trust templates), the way IAM
 * evaluates them: an explicit deny anywhere wins, and an allow is needed from the identity policy,
 * every SCP level and the boundary.
 */
const ACCOUNT = '111122223333';
const REGION = 'eu-west-2';
const ALL: IamPolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const scps = trustServiceControlPolicies();
const boundary = permissionsBoundaryDocument(ACCOUNT);
const execution = executionPolicyDocuments(trustResourceTypes(), { account: ACCOUNT, region: REGION });
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/RootstockPermissionsBoundary`;

interface Who {
  readonly arn: string;
  readonly identity: readonly IamPolicyJson[];
  readonly boundary?: IamPolicyJson;
}

const admin: Who = { arn: `arn:aws:iam::${ACCOUNT}:role/TrustAdministrator`, identity: [ALL] };
const execRole: Who = { arn: `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`, identity: execution, boundary };
const deployRole: Who = {
  arn: `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-${REGION}`,
  // The part of CDK's deploy role policy that starts a deployment.
  identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DescribeStacks'], Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-*` }] }],
};
const stackRole: Who = { arn: `arn:aws:iam::${ACCOUNT}:role/Rootstock-RXX-prod-FhirProxyRole-ABC123`, identity: [ALL], boundary };

const ARCHIVE = 'arn:aws:s3:::rootstock-rxx-prod-auditarchivebucket12ab34cd-0123456789ab';
const TRAIL = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/Rootstock-RXX-prod-TrailCDEF1234-0A1B2C3D4E5F`;
const LOGS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
const KEY_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };
const rootstockKey = { 'kms:ResourceAliases': ['alias/rootstock/RXX/prod/logs'] };

interface Case {
  readonly name: string;
  readonly who: Who;
  readonly action: string;
  readonly resource: string;
  readonly region?: string;
  readonly context?: Record<string, string | string[]>;
  readonly expect: 'Allowed' | 'Denied';
}

const CASES: Case[] = [
  // The trust's own deploy path still deploys its stack.
  { name: 'deploy role starts a change set', who: deployRole, action: 'cloudformation:CreateChangeSet', resource: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Rootstock-RXX-prod/abc`, expect: 'Allowed' },
  { name: 'deploy role passes the execution role to CloudFormation', who: deployRole, action: 'iam:PassRole', resource: execRole.arn, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' }, expect: 'Allowed' },
  { name: 'execution role creates a KMS key', who: execRole, action: 'kms:CreateKey', resource: '*', expect: 'Allowed' },
  { name: 'execution role sets a Rootstock key policy on update', who: execRole, action: 'kms:PutKeyPolicy', resource: LOGS_KEY, context: rootstockKey, expect: 'Allowed' },
  { name: 'execution role creates the archive bucket', who: execRole, action: 's3:CreateBucket', resource: ARCHIVE, expect: 'Allowed' },
  { name: 'execution role sets Object Lock on the new archive', who: execRole, action: 's3:PutBucketObjectLockConfiguration', resource: ARCHIVE, expect: 'Allowed' },
  { name: 'execution role sets the archive bucket policy', who: execRole, action: 's3:PutBucketPolicy', resource: ARCHIVE, expect: 'Allowed' },
  { name: 'execution role creates the trail', who: execRole, action: 'cloudtrail:CreateTrail', resource: TRAIL, expect: 'Allowed' },
  { name: 'execution role updates the trail', who: execRole, action: 'cloudtrail:UpdateTrail', resource: TRAIL, expect: 'Allowed' },
  { name: 'execution role creates a role with the boundary', who: execRole, action: 'iam:CreateRole', resource: stackRole.arn, context: { 'iam:PermissionsBoundary': BOUNDARY_ARN }, expect: 'Allowed' },
  { name: 'execution role passes a role to Lambda', who: execRole, action: 'iam:PassRole', resource: stackRole.arn, context: { 'iam:PassedToService': 'lambda.amazonaws.com' }, expect: 'Allowed' },
  { name: 'execution role creates a function', who: execRole, action: 'lambda:CreateFunction', resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Rootstock-RXX-prod-Proxy`, expect: 'Allowed' },
  { name: 'execution role creates the HealthLake store', who: execRole, action: 'healthlake:CreateFHIRDatastore', resource: '*', expect: 'Allowed' },
  { name: 'execution role turns on GuardDuty', who: execRole, action: 'guardduty:CreateDetector', resource: '*', expect: 'Allowed' },
  // An administrator works normally in London and with global services.
  { name: 'admin creates a bucket in eu-west-2', who: admin, action: 's3:CreateBucket', resource: 'arn:aws:s3:::trust-reports', expect: 'Allowed' },
  { name: 'admin reads an archived log object', who: admin, action: 's3:GetObject', resource: `${ARCHIVE}/AWSLogs/x.json.gz`, expect: 'Allowed' },
  { name: 'admin deletes a key that is not Rootstock\'s', who: admin, action: 'kms:ScheduleKeyDeletion', resource: LOGS_KEY, context: { 'kms:ResourceAliases': ['alias/app/scratch'] }, expect: 'Allowed' },
  { name: 'global: STS GetCallerIdentity (us-east-1)', who: admin, action: 'sts:GetCallerIdentity', resource: '*', region: 'us-east-1', expect: 'Allowed' },
  { name: 'global: IAM ListRoles (us-east-1)', who: admin, action: 'iam:ListRoles', resource: '*', region: 'us-east-1', expect: 'Allowed' },
  { name: 'global: CloudFront ListDistributions (us-east-1)', who: admin, action: 'cloudfront:ListDistributions', resource: '*', region: 'us-east-1', expect: 'Allowed' },
  { name: 'global: Route 53 ListHostedZones (us-east-1)', who: admin, action: 'route53:ListHostedZones', resource: '*', region: 'us-east-1', expect: 'Allowed' },
  { name: 'global: Support DescribeCases (us-east-1)', who: admin, action: 'support:DescribeCases', resource: '*', region: 'us-east-1', expect: 'Allowed' },
  { name: 'global: Organizations DescribeOrganization (us-east-1)', who: admin, action: 'organizations:DescribeOrganization', resource: '*', region: 'us-east-1', expect: 'Allowed' },
  { name: 'global: Health DescribeEvents (us-east-1)', who: admin, action: 'health:DescribeEvents', resource: '*', region: 'us-east-1', expect: 'Allowed' },
  { name: 'global: Budgets ViewBudget (us-east-1)', who: admin, action: 'budgets:ViewBudget', resource: `arn:aws:budgets::${ACCOUNT}:budget/trust`, region: 'us-east-1', expect: 'Allowed' },
  // Data stays in the UK.
  { name: 'admin creates a bucket in us-east-1', who: admin, action: 's3:CreateBucket', resource: 'arn:aws:s3:::trust-reports-us', region: 'us-east-1', expect: 'Denied' },
  { name: 'admin launches an instance in eu-west-1', who: admin, action: 'ec2:RunInstances', resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/*`, region: 'eu-west-1', expect: 'Denied' },
  { name: 'admin creates a KMS key in us-east-1', who: admin, action: 'kms:CreateKey', resource: '*', region: 'us-east-1', expect: 'Denied' },
  { name: 'execution role creates a function in us-east-1', who: execRole, action: 'lambda:CreateFunction', resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:x`, region: 'us-east-1', expect: 'Denied' },
  // The trail.
  { name: 'admin stops the trail', who: admin, action: 'cloudtrail:StopLogging', resource: TRAIL, expect: 'Denied' },
  { name: 'admin deletes the trail', who: admin, action: 'cloudtrail:DeleteTrail', resource: TRAIL, expect: 'Denied' },
  { name: 'admin narrows the trail event selectors', who: admin, action: 'cloudtrail:PutEventSelectors', resource: TRAIL, expect: 'Denied' },
  // The archive and its Object Lock.
  { name: 'admin deletes the archive bucket', who: admin, action: 's3:DeleteBucket', resource: ARCHIVE, expect: 'Denied' },
  { name: 'admin changes the archive Object Lock', who: admin, action: 's3:PutBucketObjectLockConfiguration', resource: ARCHIVE, expect: 'Denied' },
  { name: 'admin replaces the archive bucket policy', who: admin, action: 's3:PutBucketPolicy', resource: ARCHIVE, expect: 'Denied' },
  { name: 'admin shortens the archive lifecycle', who: admin, action: 's3:PutLifecycleConfiguration', resource: ARCHIVE, expect: 'Denied' },
  { name: 'admin bypasses retention on an archived object', who: admin, action: 's3:BypassGovernanceRetention', resource: `${ARCHIVE}/AWSLogs/x.json.gz`, expect: 'Denied' },
  { name: 'execution role deletes the archive bucket', who: execRole, action: 's3:DeleteBucket', resource: ARCHIVE, expect: 'Denied' },
  // The keys.
  { name: 'admin schedules deletion of the archive key', who: admin, action: 'kms:ScheduleKeyDeletion', resource: LOGS_KEY, context: rootstockKey, expect: 'Denied' },
  { name: 'admin disables the archive key', who: admin, action: 'kms:DisableKey', resource: LOGS_KEY, context: rootstockKey, expect: 'Denied' },
  { name: 'admin rewrites the archive key policy', who: admin, action: 'kms:PutKeyPolicy', resource: LOGS_KEY, context: rootstockKey, expect: 'Denied' },
  { name: 'execution role schedules deletion of the archive key', who: execRole, action: 'kms:ScheduleKeyDeletion', resource: LOGS_KEY, context: rootstockKey, expect: 'Denied' },
  // The organisation and the security services.
  { name: 'admin leaves the organisation', who: admin, action: 'organizations:LeaveOrganization', resource: '*', region: 'us-east-1', expect: 'Denied' },
  { name: 'admin deletes the GuardDuty detector', who: admin, action: 'guardduty:DeleteDetector', resource: `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/abc`, expect: 'Denied' },
  { name: 'admin disables Security Hub', who: admin, action: 'securityhub:DisableSecurityHub', resource: `arn:aws:securityhub:${REGION}:${ACCOUNT}:hub/default`, expect: 'Denied' },
  { name: 'admin stops the Config recorder', who: admin, action: 'config:StopConfigurationRecorder', resource: '*', expect: 'Denied' },
  // The deployment path and escape by new principals.
  { name: 'admin passes the execution role (deploying around the pipeline)', who: admin, action: 'iam:PassRole', resource: execRole.arn, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' }, expect: 'Denied' },
  { name: 'execution role creates a role without the boundary', who: execRole, action: 'iam:CreateRole', resource: stackRole.arn, expect: 'Denied' },
  { name: 'execution role creates an IAM user', who: execRole, action: 'iam:CreateUser', resource: `arn:aws:iam::${ACCOUNT}:user/backdoor`, expect: 'Denied' },
  { name: 'a stack role creates a role without the boundary', who: stackRole, action: 'iam:CreateRole', resource: `arn:aws:iam::${ACCOUNT}:role/escape`, expect: 'Denied' },
  { name: 'a stack role removes its own boundary', who: stackRole, action: 'iam:DeleteRolePermissionsBoundary', resource: stackRole.arn, expect: 'Denied' },
  { name: 'a stack role edits the boundary policy', who: stackRole, action: 'iam:CreatePolicyVersion', resource: BOUNDARY_ARN, expect: 'Denied' },
  { name: 'a stack role writes audit objects (what its own policy allows)', who: stackRole, action: 's3:PutObject', resource: `${ARCHIVE}/fhir/audit.json`, expect: 'Allowed' },
];

function simulation(c: Case): Simulation {
  const region = c.region ?? REGION;
  const full = { name: 'FullAWSAccess', policy: ALL };
  return {
    request: {
      principal: c.who.arn,
      action: c.action,
      resource: { resource: c.resource, accountId: ACCOUNT },
      contextVariables: { 'aws:RequestedRegion': region, 'aws:PrincipalArn': c.who.arn, 'aws:PrincipalAccount': ACCOUNT, ...c.context },
    },
    identityPolicies: c.who.identity.map((policy, i) => ({ name: `identity-${i + 1}`, policy })),
    serviceControlPolicies: [
      { orgIdentifier: 'r-root', policies: [full] },
      { orgIdentifier: 'ou-trusts', policies: [full, ...Object.entries(scps).map(([name, policy]) => ({ name, policy }))] },
      { orgIdentifier: ACCOUNT, policies: [full] },
    ],
    resourceControlPolicies: [],
    // A KMS key is governed by its key policy: the KeyRing's (like CDK's default) trusts the account.
    resourcePolicy: c.resource.startsWith('arn:aws:kms:') ? KEY_POLICY : undefined,
    permissionBoundaryPolicies: c.who.boundary ? [{ name: 'RootstockPermissionsBoundary', policy: c.who.boundary }] : undefined,
  };
}

async function decide(c: Case): Promise<'Allowed' | 'Denied'> {
  const result = await runSimulation(simulation(c), {});
  if (result.resultType === 'error') throw new Error(`${c.name}: the simulator rejected the request: ${JSON.stringify(result.errors)}`);
  return result.overallResult === 'Allowed' ? 'Allowed' : 'Denied';
}

describe('guardrails by evaluation (@cloud-copilot/iam-simulate)', () => {
  test('the case list has at least 30 requests, allowed and denied', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  test.each(CASES.map((c) => [c.expect === 'Allowed' ? 'allows' : 'denies', c.name, c] as const))('%s: %s', async (_verb, _name, c) => {
    expect(await decide(c)).toBe(c.expect);
  });

  test('the execution role may create every role the example trust template defines, with the boundary it carries', async () => {
    // GIVEN the example trust's synthesised template, its pseudo parameters resolved for the account
    const { config } = loadTrustFile(path.join(__dirname, '..', '..', '..', 'trusts', 'example.yaml'));
    const resources = Template.fromStack(new TrustStack(new App(), 'Rootstock-RXX-prod', { trust: config })).toJSON().Resources as Record<string, { Type: string; Properties?: { PermissionsBoundary?: unknown } }>;
    const resolve = (v: unknown): string => {
      if (typeof v === 'string') return v;
      const o = v as Record<string, unknown>;
      if (o.Ref === 'AWS::Partition') return 'aws';
      if (o.Ref === 'AWS::AccountId') return ACCOUNT;
      if (Array.isArray(o['Fn::Join'])) return ((o['Fn::Join'] as [string, unknown[]])[1]).map(resolve).join((o['Fn::Join'] as [string])[0]);
      throw new Error(`cannot resolve ${JSON.stringify(v)}`);
    };
    const roles = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    // WHEN each creation is evaluated
    const decided = await Promise.all(roles.map(async ([id, r]) => {
      const boundaryArn = r.Properties?.PermissionsBoundary === undefined ? undefined : resolve(r.Properties.PermissionsBoundary);
      const c: Case = { name: `create ${id}`, who: execRole, action: 'iam:CreateRole', resource: `arn:aws:iam::${ACCOUNT}:role/Rootstock-RXX-prod-${id.slice(0, 30)}`, context: boundaryArn ? { 'iam:PermissionsBoundary': boundaryArn } : {}, expect: 'Allowed' };
      return [id, await decide(c)] as const;
    }));
    // THEN every one deploys under the hardened bootstrap
    expect(roles.length).toBeGreaterThan(5);
    expect(decided.filter(([, got]) => got !== 'Allowed')).toEqual([]);
  });

  test('summary: every case decided as expected', async () => {
    const decided = await Promise.all(CASES.map(async (c) => ({ c, got: await decide(c) })));
    const allowed = decided.filter((d) => d.got === 'Allowed').length;
    const wrong = decided.filter((d) => d.got !== d.c.expect).map((d) => `${d.c.name}: expected ${d.c.expect}, got ${d.got}`);
    process.stdout.write(`iam-simulate: ${CASES.length} requests, ${allowed} allowed and ${CASES.length - allowed} denied, ${wrong.length} unexpected\n`);
    expect(wrong).toEqual([]);
  });
});
