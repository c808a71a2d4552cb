/**
 * One CIS AWS Foundations Benchmark monitoring control: a CloudTrail metric filter pattern
 * and what it catches.
 */
export interface CisMonitoringFilter {
  /** Construct id and metric name (PascalCase, stable: renaming replaces the alarm). */
  readonly id: string;
  /** The CIS AWS Foundations Benchmark control (v1.4 section 4 / v3.0 section 4; v1.2 section 3). */
  readonly control: string;
  /** What the alarm means, in plain words (used as the alarm description). */
  readonly description: string;
  /** The CloudWatch Logs filter pattern over CloudTrail events. */
  readonly pattern: string;
}

const anyEvent = (names: readonly string[]): string => names.map((n) => `($.eventName = ${n})`).join(' || ');

/**
 * The CIS AWS Foundations monitoring set: the 14 classic controls plus AWS Organizations changes.
 *
 * Patterns follow the benchmark's published filters (v1.4 to v3.0).
 */
export const CIS_MONITORING_FILTERS: readonly CisMonitoringFilter[] = [
  {
    id: 'UnauthorizedApiCalls',
    control: 'CIS 4.1 (v1.2 3.1)',
    description: 'Unauthorised API calls (AccessDenied or UnauthorizedOperation errors).',
    pattern: '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    control: 'CIS 4.2 (v1.2 3.2)',
    description: 'An IAM user signed in to the console without MFA.',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: 'RootAccountUsage',
    control: 'CIS 4.3 (v1.2 3.3)',
    description: 'The root user was used.',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: 'IamPolicyChanges',
    control: 'CIS 4.4 (v1.2 3.4)',
    description: 'An IAM policy was created, changed, attached or detached.',
    pattern: `{ ${anyEvent([
      'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
      'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
      'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
    ])} }`,
  },
  {
    id: 'CloudTrailChanges',
    control: 'CIS 4.5 (v1.2 3.5)',
    description: 'A CloudTrail trail was created, changed, stopped or deleted.',
    pattern: `{ ${anyEvent(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])} }`,
  },
  {
    id: 'ConsoleAuthenticationFailures',
    control: 'CIS 4.6 (v1.2 3.6)',
    description: 'A console sign-in failed authentication.',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  },
  {
    id: 'CmkDisableOrDeletion',
    control: 'CIS 4.7 (v1.2 3.7)',
    description: 'A customer-managed KMS key was disabled or scheduled for deletion.',
    pattern: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
  },
  {
    id: 'KmsKeyPolicyChanges',
    control: 'CIS 4.7 (key protection)',
    description: 'A KMS key policy was replaced, or a key disabled or scheduled for deletion was attempted (the archive key denies these except to the break-glass role).',
    pattern: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = PutKeyPolicy) || ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) && ($.errorCode = "*") }',
  },
  {
    id: 'S3BucketPolicyChanges',
    control: 'CIS 4.8 (v1.2 3.8)',
    description: 'An S3 bucket policy, ACL, CORS, lifecycle or replication setting was changed.',
    pattern: `{ ($.eventSource = s3.amazonaws.com) && (${anyEvent([
      'PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication',
      'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication',
    ])}) }`,
  },
  {
    id: 'ConfigChanges',
    control: 'CIS 4.9 (v1.2 3.9)',
    description: 'AWS Config recording or delivery was stopped or changed.',
    pattern: `{ ($.eventSource = config.amazonaws.com) && (${anyEvent([
      'StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder',
    ])}) }`,
  },
  {
    id: 'SecurityGroupChanges',
    control: 'CIS 4.10 (v1.2 3.10)',
    description: 'A security group or one of its rules was created, changed or deleted.',
    pattern: `{ ${anyEvent([
      'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
      'CreateSecurityGroup', 'DeleteSecurityGroup',
    ])} }`,
  },
  {
    id: 'NaclChanges',
    control: 'CIS 4.11 (v1.2 3.11)',
    description: 'A network ACL or one of its entries was created, changed or deleted.',
    pattern: `{ ${anyEvent([
      'CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation',
    ])} }`,
  },
  {
    id: 'NetworkGatewayChanges',
    control: 'CIS 4.12 (v1.2 3.12)',
    description: 'An internet or customer gateway was created, attached, detached or deleted.',
    pattern: `{ ${anyEvent([
      'CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway',
    ])} }`,
  },
  {
    id: 'RouteTableChanges',
    control: 'CIS 4.13 (v1.2 3.13)',
    description: 'A route or route table was created, changed or deleted.',
    pattern: `{ ($.eventSource = ec2.amazonaws.com) && (${anyEvent([
      'CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable',
    ])}) }`,
  },
  {
    id: 'VpcChanges',
    control: 'CIS 4.14 (v1.2 3.14)',
    description: 'A VPC or VPC peering connection was created, changed or deleted.',
    pattern: `{ ${anyEvent([
      'CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection',
      'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink',
    ])} }`,
  },
  {
    id: 'OrganizationsChanges',
    control: 'CIS 4.15',
    description: 'The AWS Organizations structure or its policies were changed.',
    pattern: `{ ($.eventSource = organizations.amazonaws.com) && (${anyEvent([
      'AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake', 'DeleteOrganization',
      'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType', 'InviteAccountToOrganization',
      'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy', 'UpdateOrganizationalUnit',
    ])}) }`,
  },
];
