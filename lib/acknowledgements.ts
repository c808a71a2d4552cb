import type { IConstruct } from 'constructs';
import { acknowledge, DESIGN_REVIEW } from '../policies/acknowledge';

/**
 * Findings of the AWS packs (AwsSolutions, HIPAA Security, NIST 800-53 R5) that Rootstock's
 * design accepts, each with the reason, where it applies and who reviewed it.
 *
 * They are applied by TrustStack to its own constructs, so every trust carries the same,
 * reviewed set and nothing else: a new finding fails synth until it is fixed or listed here.
 * Each lands in `cdk.out/validation-report.json` under `suppressedViolations` with its reason,
 * approver and expiry, and in the evidence report. Review all of them before `expires`.
 */
export { DESIGN_REVIEW };

/** One reviewed acknowledgement: rule ids accepted on a construct (and everything below it). */
export interface DesignAcknowledgement {
  /** The construct path below the stack, e.g. 'Network/Vpc'. */
  readonly path: string;
  /** Rule ids as the packs report them, granular ones included. */
  readonly ruleIds: readonly string[];
  /** Why it is accepted: the reason and the compensating control. */
  readonly reason: string;
}

const RESIDENCY =
  'Data residency: eu-west-2 (London) is the only UK region, so cross-region replication would take data out of the UK against NHS offshoring guidance. Durability comes from S3 (multi-AZ), Object Lock COMPLIANCE retention and versioning.';

/** The reviewed acknowledgements, by construct path. Paths that a trust does not have are skipped. */
export const DESIGN_ACKNOWLEDGEMENTS: readonly DesignAcknowledgement[] = [
  {
    path: 'AuditArchive',
    ruleIds: ['HIPAA.Security-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled'],
    reason: RESIDENCY,
  },
  {
    path: 'AuditArchive/AccessLogs',
    ruleIds: ['HIPAA.Security-S3DefaultEncryptionKMS', 'NIST.800.53.R5-S3DefaultEncryptionKMS'],
    reason:
      'S3 server access logging delivers only to target buckets encrypted with SSE-S3 (AES-256); SSE-KMS is not supported there. The bucket holds access logs only, is TLS-only, versioned and blocks public access.',
  },
  {
    path: 'Network/Vpc',
    ruleIds: ['HIPAA.Security-VPCNoUnrestrictedRouteToIGW', 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW'],
    reason:
      'The routes to the internet gateway are in the public subnets, which hold only the NAT gateways giving the private subnets egress; they assign no public IPs and nothing else runs there.',
  },
  {
    path: 'Network/Vpc',
    ruleIds: ['HIPAA.Security-VPCDefaultSecurityGroupClosed', 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed'],
    reason:
      "The rule recognises only CDK's Lambda-backed custom resource. The default security group is kept empty natively by the AWS Config rule VPC_DEFAULT_SECURITY_GROUP_CLOSED with automatic SSM remediation (Network/DefaultSecurityGroupClosed).",
  },
  {
    path: 'Network/DefaultSecurityGroupRemediationPolicy',
    ruleIds: [
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:*:automation-definition/AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:automation-execution/*]',
    ],
    reason:
      'ec2:DescribeSecurityGroups has no resource-level permissions; the AWS-owned remediation runbook is versioned by AWS; automation execution ids are made at run time. The revoke actions are scoped to the default security group.',
  },
  {
    path: 'Backup/Plan/Tagged/Role',
    ruleIds: [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
    ],
    reason:
      "AWS Backup's own service-role policies: AWS keeps them current as Backup supports new resource types, which a hand-written copy would silently miss.",
  },
  {
    path: 'SecurityServices/Config/Role',
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]'],
    reason: "AWS Config's own service-role policy: AWS keeps it current as Config records new resource types.",
  },
  {
    path: 'SecurityServices/Config/DeliveryPolicy',
    ruleIds: ['AwsSolutions-IAM5[Resource::<AuditArchiveBucketDB93AD31.Arn>/config/AWSLogs/<AWS::AccountId>/Config/*]'],
    reason: "AWS Config names its delivery objects at run time; the grant is limited to this account's Config prefix of the archive.",
  },
  {
    path: 'ApiGatewayLogsPolicy',
    ruleIds: ['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:API-Gateway-Execution-Logs_*]'],
    reason: "API Gateway names each REST API's execution log group at run time (API-Gateway-Execution-Logs_<api id>/<stage>); the grant is limited to that prefix.",
  },
  // AWS Control Tower proactive controls (cfn-guard), run by `npm run check:guard`.
  {
    path: 'AuditArchive/AccessLogs',
    ruleIds: [
      'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
      'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
    ],
    reason:
      'The S3 server access log target: S3 delivers access logs only to buckets with SSE-S3 and without an Object Lock default retention, and logging the log bucket to itself would loop. It is versioned, TLS-only, blocks public access and holds access logs only.',
  },
  {
    path: 'SecurityServices/GuardDuty',
    ruleIds: ['cdk-validator-cfnguard::guardduty_s3_protection_enabled_check'],
    reason: 'S3 protection is on through the GuardDuty Features API (S3_DATA_EVENTS), which replaced DataSources; the control reads only DataSources, and AWS refuses both in one detector.',
  },
  {
    path: 'Identity',
    ruleIds: ['cdk-validator-cfnguard::lambda_function_public_access_prohibited_check', 'cdk-validator-cfnguard::api_gw_v2_authorization_type_configured_check'],
    reason:
      'The OAuth authorize, token, userinfo and JWKS routes must be reachable by browsers, Cognito and the identity provider; the token route authenticates Cognito by client secret, and each Lambda permission is limited to this API (SourceArn).',
  },
  {
    path: 'Fhir',
    ruleIds: ['cdk-validator-cfnguard::lambda_function_public_access_prohibited_check'],
    reason: "Each Lambda permission lets only this FHIR API (SourceArn of its execute-api stage) invoke the function; every request passes the gateway's token authoriser.",
  },
];

/** Applies the reviewed acknowledgements to the constructs of a trust stack that has them. */
export function acknowledgeDesignFindings(stack: IConstruct): void {
  for (const ack of DESIGN_ACKNOWLEDGEMENTS) {
    const target = findByPath(stack, ack.path);
    if (!target) continue;
    for (const ruleId of ack.ruleIds) acknowledge(target, ruleId, { reason: ack.reason, ...DESIGN_REVIEW });
  }
}

function findByPath(root: IConstruct, path: string): IConstruct | undefined {
  let cur: IConstruct | undefined = root;
  for (const part of path.split('/')) cur = cur?.node.tryFindChild(part);
  return cur;
}
