import { EXECUTION_POLICY_PREFIX, PERMISSIONS_BOUNDARY_NAME, policySize, type IamPolicyJson, type IamStatementJson } from './documents';
import { RESOURCE_TYPE_ACTIONS, servicePrefix, uncoveredResourceTypes } from './resource-actions';

/** IAM's limit on a managed policy: 6,144 characters, whitespace not counted. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** Options of {@link executionPolicyDocuments}. */
export interface ExecutionPolicyOptions {
  /** The trust account (12 digits, or a CloudFormation token such as `${AWS::AccountId}`). */
  readonly account: string;
  /** The region the trust deploys in. */
  readonly region: string;
  /** The CDK bootstrap qualifier. @default 'hnb659fds' (CDK's default) */
  readonly qualifier?: string;
}

/** Actions that are global (IAM) or need their own statement: never under the region condition. */
const IAM_ROLE_CREATION = new Set(['iam:CreateRole', 'iam:PutRolePermissionsBoundary']);

/**
 * The least-privilege CloudFormation execution policy for stacks made of `resourceTypes`, as one or
 * more managed policy documents (each within IAM's 6,144-character limit).
 *
 * Per resource type, the actions in RESOURCE_TYPE_ACTIONS, limited to the trust's region; IAM
 * roles only with the Rootstock permissions boundary; roles passed only to the services the stack
 * uses; CDK's asset bucket and bootstrap version readable; the boundary itself never editable.
 *
 * @throws Error naming every resource type the table does not cover (add it to RESOURCE_TYPE_ACTIONS)
 */
export function executionPolicyDocuments(resourceTypes: Iterable<string>, options: ExecutionPolicyOptions): IamPolicyJson[] {
  const types = [...new Set(resourceTypes)].sort();
  const missing = uncoveredResourceTypes(types);
  if (missing.length) {
    throw new Error(`The CloudFormation execution policy does not cover ${missing.join(', ')}: add the actions CloudFormation needs for each to RESOURCE_TYPE_ACTIONS in policies/guardrails/resource-actions.ts.`);
  }
  const { account, region } = options;
  const qualifier = options.qualifier ?? 'hnb659fds';
  const boundaryArn = `arn:aws:iam::${account}:policy/${PERMISSIONS_BOUNDARY_NAME}`;
  const byService = new Map<string, Set<string>>();
  const iam = new Set<string>();
  for (const type of types) {
    for (const action of RESOURCE_TYPE_ACTIONS[type]) {
      const service = action.split(':')[0];
      if (service === 'iam') {
        iam.add(action);
        continue;
      }
      if (!byService.has(service)) byService.set(service, new Set());
      byService.get(service)?.add(action);
    }
  }
  const inRegion = { StringEquals: { 'aws:RequestedRegion': [region] } };
  const statements: IamStatementJson[] = [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, actions]) => ({
      Sid: `Manage${service.replace(/[^A-Za-z0-9]/g, '')}`,
      Effect: 'Allow',
      Action: [...actions].sort(),
      Resource: '*',
      // Route 53 private zones for interface endpoints are global calls.
      ...(service === 'route53' ? {} : { Condition: inRegion }),
    }));
  const passedTo = [...new Set(types.map(servicePrefix).filter((s): s is string => s !== undefined && s !== 'iam'))].map((s) => `${s === 'apigateway' ? 'apigateway' : s}.amazonaws.com`);
  const roleActions = [...iam].filter((a) => !IAM_ROLE_CREATION.has(a) && a !== 'iam:PassRole' && a !== 'iam:CreateServiceLinkedRole');
  if (iam.has('iam:CreateRole')) {
    statements.push({ Sid: 'CreateRolesOnlyWithTheBoundary', Effect: 'Allow', Action: [...IAM_ROLE_CREATION], Resource: `arn:aws:iam::${account}:role/*`, Condition: { StringEquals: { 'iam:PermissionsBoundary': boundaryArn } } });
  }
  if (roleActions.length) {
    statements.push({ Sid: 'ManageStackRolesAndPolicies', Effect: 'Allow', Action: roleActions.sort(), Resource: [`arn:aws:iam::${account}:role/*`, `arn:aws:iam::${account}:policy/*`] });
  }
  if (iam.has('iam:PassRole')) {
    statements.push({ Sid: 'PassRolesToTheStackServices', Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${account}:role/*`, Condition: { StringEquals: { 'iam:PassedToService': [...new Set([...passedTo, 'logs.amazonaws.com', 'delivery.logs.amazonaws.com'])].sort() } } });
  }
  if (iam.has('iam:CreateServiceLinkedRole')) {
    statements.push({ Sid: 'CreateServiceLinkedRoles', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: `arn:aws:iam::${account}:role/aws-service-role/*` });
  }
  statements.push(
    { Sid: 'ReadCdkAssets', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `arn:aws:s3:::cdk-${qualifier}-assets-${account}-${region}/*` },
    { Sid: 'ReadCdkBootstrapVersion', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: `arn:aws:ssm:${region}:${account}:parameter/cdk-bootstrap/${qualifier}/version` },
    { Sid: 'NeverEditTheBoundary', Effect: 'Deny', Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeleteRolePermissionsBoundary'], Resource: [boundaryArn, `arn:aws:iam::${account}:role/*`] },
  );
  return packStatements(statements);
}

/** Packs statements into as few documents as fit IAM's managed policy size limit, in order. */
export function packStatements(statements: readonly IamStatementJson[], limit = MANAGED_POLICY_MAX_CHARS): IamPolicyJson[] {
  const docs: IamStatementJson[][] = [[]];
  for (const s of statements) {
    const current = docs[docs.length - 1];
    if (current.length && policySize({ Version: '2012-10-17', Statement: [...current, s] }) > limit) docs.push([s]);
    else current.push(s);
  }
  return docs.map((Statement) => {
    const doc: IamPolicyJson = { Version: '2012-10-17', Statement };
    if (policySize(doc) > limit) throw new Error(`statement ${Statement[0]?.Sid} alone is over IAM's ${limit}-character managed policy limit`);
    return doc;
  });
}

/** The managed policy names for `count` execution policy documents: RootstockCfnExecution1, 2, ... */
export function executionPolicyNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${EXECUTION_POLICY_PREFIX}${i + 1}`);
}
