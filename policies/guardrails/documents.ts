import { UK_REGIONS } from '../rules/residency/uk-regions';

/** One IAM policy statement, as JSON. */
export interface IamStatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[] | boolean>>>>;
}

/** An IAM policy document, as JSON. */
export interface IamPolicyJson {
  readonly Version: '2012-10-17';
  readonly Statement: readonly IamStatementJson[];
}

/** The name of the permissions boundary managed policy in each trust account. */
export const PERMISSIONS_BOUNDARY_NAME = 'RootstockPermissionsBoundary';

/** The name prefix of the CloudFormation execution managed policies (`RootstockCfnExecution1`, ...). */
export const EXECUTION_POLICY_PREFIX = 'RootstockCfnExecution';

/** The role CloudFormation deploys with, from `cdk bootstrap` (any qualifier). */
export const CFN_EXEC_ROLE_PATTERN = 'arn:aws:iam::*:role/cdk-*-cfn-exec-role-*';

/** The role that starts deployments (`cdk deploy`, the pipeline), from `cdk bootstrap`. */
export const CDK_DEPLOY_ROLE_PATTERN = 'arn:aws:iam::*:role/cdk-*-deploy-role-*';

/** Trails of trust stacks (CloudFormation names them after the stack, `Rootstock-<ODS>-<env>-...`). */
export const TRAIL_ARN_PATTERN = 'arn:aws:cloudtrail:*:*:trail/Rootstock-*';

/** Audit archive buckets: a trust stack's (`rootstock-<ods>-<env>-auditarchive...`) and the central LogArchiveStack's (`rootstock-logarchive-...`). */
export const ARCHIVE_BUCKET_PATTERNS: readonly string[] = ['arn:aws:s3:::rootstock-*-auditarchive*', 'arn:aws:s3:::rootstock-logarchive-*'];

/** Aliases of Rootstock's keys (`alias/rootstock/<ODS>/<env>/<purpose>`, `alias/rootstock/log-archive`). */
export const KEY_ALIAS_PATTERN = 'alias/rootstock/*';

/**
 * Actions of global services, whose endpoints are in us-east-1 (or another single region): the
 * region guardrail must not deny them. From the AWS Organizations "Deny access to AWS based on the
 * requested AWS Region" example and the AWS Control Tower region deny control, narrowed to global
 * services (KMS and Config are regional here: a key or recorder outside the UK is denied).
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
  'access-analyzer:*', 'account:*', 'acm:*', 'artifact:*', 'aws-marketplace:*', 'aws-portal:*', 'billing:*', 'budgets:*', 'ce:*',
  'chatbot:*', 'cloudfront:*', 'cloudtrail:LookupEvents', 'compute-optimizer:*', 'cur:*', 'directconnect:*', 'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways', 'ec2:DescribeVpnGateways', 'fms:*', 'globalaccelerator:*', 'health:*', 'iam:*', 'importexport:*',
  'networkmanager:*', 'organizations:*', 'pricing:*', 'route53:*', 'route53domains:*', 'route53-recovery-cluster:*',
  'route53-recovery-control-config:*', 'route53-recovery-readiness:*', 's3:GetAccountPublicAccessBlock', 's3:ListAllMyBuckets',
  's3:PutAccountPublicAccessBlock', 's3:GetBucketLocation', 'savingsplans:*', 'shield:*', 'sso:*', 'sts:*', 'support:*', 'supportplans:*',
  'tag:GetResources', 'tax:*', 'trustedadvisor:*', 'waf:*', 'waf-regional:*', 'wafv2:*',
];

/** The regions a trust OU may use: the UK. */
export const ALLOWED_REGIONS: readonly string[] = UK_REGIONS;

/** A condition that exempts CloudFormation's execution role (the change-controlled path). */
const EXCEPT_CFN_EXEC = { ArnNotLike: { 'aws:PrincipalARN': [CFN_EXEC_ROLE_PATTERN] } } as const;

/** The statement that denies everything but global services outside the UK. */
export function regionDenyStatement(regions: readonly string[] = ALLOWED_REGIONS): IamStatementJson {
  return {
    Sid: 'DenyOutsideUkRegions',
    Effect: 'Deny',
    NotAction: GLOBAL_SERVICE_ACTIONS,
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
  };
}

/**
 * Statements that protect the roots: the trail, the archive buckets and their Object Lock, the
 * keys, the security services, the organisation membership and the deployment path. Changes that
 * a stack update legitimately makes are left to CloudFormation's execution role; destruction of
 * data (bucket deletion, key deletion, retention bypass) is denied to everyone.
 */
export function tamperDenyStatements(): IamStatementJson[] {
  const buckets = ARCHIVE_BUCKET_PATTERNS;
  const objects = ARCHIVE_BUCKET_PATTERNS.map((b) => `${b}/*`);
  const rootstockKeys = { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': [KEY_ALIAS_PATTERN] } };
  return [
    { Sid: 'DenyTrailTampering', Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'], Resource: TRAIL_ARN_PATTERN, Condition: EXCEPT_CFN_EXEC },
    { Sid: 'DenyArchiveDestruction', Effect: 'Deny', Action: ['s3:DeleteBucket', 's3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectRetention', 's3:PutObjectLegalHold'], Resource: [...buckets, ...objects] },
    {
      Sid: 'DenyArchiveWeakening',
      Effect: 'Deny',
      Action: ['s3:PutBucketObjectLockConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:PutEncryptionConfiguration', 's3:PutBucketPublicAccessBlock', 's3:PutReplicationConfiguration', 's3:PutBucketAcl', 's3:PutBucketOwnershipControls'],
      Resource: buckets,
      Condition: EXCEPT_CFN_EXEC,
    },
    { Sid: 'DenyKeyDestruction', Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:DeleteImportedKeyMaterial'], Resource: '*', Condition: rootstockKeys },
    { Sid: 'DenyKeyPolicyChanges', Effect: 'Deny', Action: ['kms:PutKeyPolicy', 'kms:DeleteAlias', 'kms:UpdateAlias'], Resource: '*', Condition: { ...rootstockKeys, ...EXCEPT_CFN_EXEC } },
    { Sid: 'DenyLeavingOrganisation', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
    {
      Sid: 'DenyDisablingSecurityServices',
      Effect: 'Deny',
      Action: [
        'guardduty:DeleteDetector', 'guardduty:UpdateDetector', 'guardduty:DisassociateFromMasterAccount', 'guardduty:DisassociateFromAdministratorAccount', 'guardduty:StopMonitoringMembers',
        'securityhub:DisableSecurityHub', 'securityhub:BatchDisableStandards', 'securityhub:DisassociateFromMasterAccount', 'securityhub:DisassociateFromAdministratorAccount',
        'config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'config:DeleteDeliveryChannel', 'config:DeleteRetentionConfiguration',
      ],
      Resource: '*',
      Condition: EXCEPT_CFN_EXEC,
    },
    { Sid: 'DenyPassingExecutionRoleOutsideDeploys', Effect: 'Deny', Action: 'iam:PassRole', Resource: CFN_EXEC_ROLE_PATTERN, Condition: { ArnNotLike: { 'aws:PrincipalARN': [CDK_DEPLOY_ROLE_PATTERN] } } },
  ];
}

/** The service control policies for a trust OU: one for regions, one against tampering (each within the 5,120-character SCP limit). */
export function trustServiceControlPolicies(regions: readonly string[] = ALLOWED_REGIONS): Record<'RootstockUkRegionsOnly' | 'RootstockProtectTheRoots', IamPolicyJson> {
  return {
    RootstockUkRegionsOnly: { Version: '2012-10-17', Statement: [regionDenyStatement(regions)] },
    RootstockProtectTheRoots: { Version: '2012-10-17', Statement: tamperDenyStatements() },
  };
}

/**
 * The permissions boundary on every role a trust stack creates (and on CloudFormation's execution
 * role): anything the role's own policies allow, except leaving the UK, tampering with the roots,
 * and creating users or roles without this same boundary (no escape by a new principal).
 */
export function permissionsBoundaryDocument(account: string, regions: readonly string[] = ALLOWED_REGIONS): IamPolicyJson {
  const boundaryArn = `arn:aws:iam::${account}:policy/${PERMISSIONS_BOUNDARY_NAME}`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowWhatIdentityPoliciesAllow', Effect: 'Allow', Action: '*', Resource: '*' },
      regionDenyStatement(regions),
      ...tamperDenyStatements(),
      { Sid: 'DenyPrincipalsWithoutThisBoundary', Effect: 'Deny', Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'], Resource: '*', Condition: { StringNotEquals: { 'iam:PermissionsBoundary': boundaryArn } } },
      { Sid: 'DenyUsersAndKeys', Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile'], Resource: '*' },
      { Sid: 'DenyRemovingOrEditingTheBoundary', Effect: 'Deny', Action: ['iam:DeleteRolePermissionsBoundary', 'iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'], Resource: ['arn:aws:iam::*:role/*', boundaryArn] },
    ],
  };
}

/** Policy size as IAM counts it: the JSON without whitespace. */
export function policySize(doc: IamPolicyJson): number {
  return JSON.stringify(doc).length;
}
