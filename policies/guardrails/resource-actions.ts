/**
 * What CloudFormation must be allowed to do, per resource type, to create, update and delete the
 * resources a trust stack defines: the source of the hardened bootstrap's execution policy.
 *
 * Each entry names the IAM actions CloudFormation calls for that type (its create, read, update,
 * delete and tag handlers). Stateful types that Rootstock always retains have no delete action for
 * the data itself (no kms:ScheduleKeyDeletion, s3:DeleteBucket, healthlake:DeleteFHIRDatastore,
 * backup:DeleteBackupVault, cognito-idp:DeleteUserPool, logs:DeleteLogGroup): even a template that
 * asked for it could not destroy them through the execution role.
 *
 * A resource type missing here is a type the execution policy does not cover: `test/policies/
 * guardrails/execution-policy.test.ts` fails when a synthesised trust template has one.
 */
export const RESOURCE_TYPE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'AWS::CDK::Metadata': [],
  'AWS::ApiGateway::Account': ['apigateway:GET', 'apigateway:PATCH', 'apigateway:PUT', 'iam:PassRole'],
  'AWS::ApiGateway::Authorizer': ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE'],
  'AWS::ApiGateway::Deployment': ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE'],
  'AWS::ApiGateway::Method': ['apigateway:GET', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'],
  'AWS::ApiGateway::Model': ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE'],
  'AWS::ApiGateway::RequestValidator': ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE'],
  'AWS::ApiGateway::Resource': ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE'],
  'AWS::ApiGateway::RestApi': ['apigateway:GET', 'apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE', 'apigateway:UpdateRestApiPolicy'],
  'AWS::ApiGateway::Stage': ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE', 'apigateway:PUT', 'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries'],
  'AWS::ApiGatewayV2::Api': ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE', 'apigateway:PUT'],
  'AWS::ApiGatewayV2::Integration': ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE'],
  'AWS::ApiGatewayV2::Route': ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE'],
  'AWS::ApiGatewayV2::Stage': ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE', 'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries'],
  'AWS::Backup::BackupPlan': ['backup:CreateBackupPlan', 'backup:UpdateBackupPlan', 'backup:DeleteBackupPlan', 'backup:GetBackupPlan', 'backup:ListBackupPlans', 'backup:TagResource', 'backup:UntagResource', 'backup:ListTags'],
  'AWS::Backup::BackupSelection': ['backup:CreateBackupSelection', 'backup:DeleteBackupSelection', 'backup:GetBackupSelection', 'iam:PassRole'],
  'AWS::Backup::BackupVault': ['backup:CreateBackupVault', 'backup:DescribeBackupVault', 'backup:PutBackupVaultAccessPolicy', 'backup:GetBackupVaultAccessPolicy', 'backup:PutBackupVaultLockConfiguration', 'backup:PutBackupVaultNotifications', 'backup:GetBackupVaultNotifications', 'backup:TagResource', 'backup:UntagResource', 'backup:ListTags', 'backup-storage:MountCapsule', 'kms:CreateGrant', 'kms:DescribeKey'],
  'AWS::CloudTrail::Trail': ['cloudtrail:CreateTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:StartLogging', 'cloudtrail:PutEventSelectors', 'cloudtrail:GetEventSelectors', 'cloudtrail:PutInsightSelectors', 'cloudtrail:GetTrail', 'cloudtrail:GetTrailStatus', 'cloudtrail:DescribeTrails', 'cloudtrail:AddTags', 'cloudtrail:RemoveTags', 'cloudtrail:ListTags', 'cloudtrail:DeleteTrail', 'iam:PassRole'],
  'AWS::CloudWatch::Alarm': ['cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'],
  'AWS::Cognito::UserPool': ['cognito-idp:CreateUserPool', 'cognito-idp:UpdateUserPool', 'cognito-idp:DescribeUserPool', 'cognito-idp:SetUserPoolMfaConfig', 'cognito-idp:GetUserPoolMfaConfig', 'cognito-idp:TagResource', 'cognito-idp:UntagResource', 'cognito-idp:ListTagsForResource', 'iam:PassRole', 'iam:CreateServiceLinkedRole'],
  'AWS::Cognito::UserPoolClient': ['cognito-idp:CreateUserPoolClient', 'cognito-idp:UpdateUserPoolClient', 'cognito-idp:DescribeUserPoolClient', 'cognito-idp:DeleteUserPoolClient'],
  'AWS::Cognito::UserPoolDomain': ['cognito-idp:CreateUserPoolDomain', 'cognito-idp:UpdateUserPoolDomain', 'cognito-idp:DescribeUserPoolDomain', 'cognito-idp:DeleteUserPoolDomain'],
  'AWS::Cognito::UserPoolIdentityProvider': ['cognito-idp:CreateIdentityProvider', 'cognito-idp:UpdateIdentityProvider', 'cognito-idp:DescribeIdentityProvider', 'cognito-idp:DeleteIdentityProvider'],
  'AWS::Config::ConfigRule': ['config:PutConfigRule', 'config:DescribeConfigRules', 'config:DeleteConfigRule', 'config:TagResource', 'config:UntagResource', 'config:ListTagsForResource'],
  'AWS::Config::ConfigurationRecorder': ['config:PutConfigurationRecorder', 'config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus', 'config:StartConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'iam:PassRole'],
  'AWS::Config::DeliveryChannel': ['config:PutDeliveryChannel', 'config:DescribeDeliveryChannels', 'config:DeleteDeliveryChannel'],
  'AWS::Config::RemediationConfiguration': ['config:PutRemediationConfigurations', 'config:DescribeRemediationConfigurations', 'config:DeleteRemediationConfiguration', 'iam:PassRole'],
  'AWS::EC2::EIP': ['ec2:AllocateAddress', 'ec2:ReleaseAddress', 'ec2:DescribeAddresses', 'ec2:CreateTags', 'ec2:DeleteTags'],
  'AWS::EC2::FlowLog': ['ec2:CreateFlowLogs', 'ec2:DeleteFlowLogs', 'ec2:DescribeFlowLogs', 'ec2:CreateTags', 'logs:CreateLogDelivery', 'logs:DeleteLogDelivery'],
  'AWS::EC2::InternetGateway': ['ec2:CreateInternetGateway', 'ec2:DeleteInternetGateway', 'ec2:DescribeInternetGateways', 'ec2:CreateTags', 'ec2:DeleteTags'],
  'AWS::EC2::NatGateway': ['ec2:CreateNatGateway', 'ec2:DeleteNatGateway', 'ec2:DescribeNatGateways', 'ec2:CreateTags', 'ec2:DeleteTags'],
  'AWS::EC2::Route': ['ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:DeleteRoute', 'ec2:DescribeRouteTables'],
  'AWS::EC2::RouteTable': ['ec2:CreateRouteTable', 'ec2:DeleteRouteTable', 'ec2:DescribeRouteTables', 'ec2:CreateTags', 'ec2:DeleteTags'],
  'AWS::EC2::SecurityGroup': ['ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup', 'ec2:DescribeSecurityGroups', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress', 'ec2:CreateTags', 'ec2:DeleteTags'],
  'AWS::EC2::SecurityGroupEgress': ['ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupEgress', 'ec2:DescribeSecurityGroups'],
  'AWS::EC2::SecurityGroupIngress': ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DescribeSecurityGroups'],
  'AWS::EC2::Subnet': ['ec2:CreateSubnet', 'ec2:DeleteSubnet', 'ec2:DescribeSubnets', 'ec2:ModifySubnetAttribute', 'ec2:CreateTags', 'ec2:DeleteTags'],
  'AWS::EC2::SubnetRouteTableAssociation': ['ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable', 'ec2:ReplaceRouteTableAssociation', 'ec2:DescribeRouteTables'],
  'AWS::EC2::VPC': ['ec2:CreateVpc', 'ec2:DeleteVpc', 'ec2:DescribeVpcs', 'ec2:DescribeVpcAttribute', 'ec2:ModifyVpcAttribute', 'ec2:CreateTags', 'ec2:DeleteTags'],
  'AWS::EC2::VPCEndpoint': ['ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint', 'ec2:DeleteVpcEndpoints', 'ec2:DescribeVpcEndpoints', 'ec2:CreateTags', 'ec2:DeleteTags', 'route53:AssociateVPCWithHostedZone'],
  'AWS::EC2::VPCGatewayAttachment': ['ec2:AttachInternetGateway', 'ec2:DetachInternetGateway', 'ec2:DescribeInternetGateways'],
  'AWS::Events::Rule': ['events:PutRule', 'events:DescribeRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:ListTargetsByRule', 'events:TagResource', 'events:UntagResource', 'iam:PassRole'],
  'AWS::GuardDuty::Detector': ['guardduty:CreateDetector', 'guardduty:UpdateDetector', 'guardduty:GetDetector', 'guardduty:ListDetectors', 'guardduty:TagResource', 'guardduty:UntagResource', 'iam:CreateServiceLinkedRole'],
  'AWS::HealthLake::FHIRDatastore': ['healthlake:CreateFHIRDatastore', 'healthlake:DescribeFHIRDatastore', 'healthlake:ListFHIRDatastores', 'healthlake:TagResource', 'healthlake:UntagResource', 'healthlake:ListTagsForResource', 'kms:CreateGrant', 'kms:DescribeKey', 'iam:CreateServiceLinkedRole'],
  'AWS::IAM::ManagedPolicy': ['iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:TagPolicy', 'iam:UntagPolicy'],
  'AWS::IAM::Role': ['iam:CreateRole', 'iam:GetRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRole', 'iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:TagRole', 'iam:UntagRole', 'iam:ListRoleTags'],
  'AWS::KMS::Alias': ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias', 'kms:ListAliases'],
  'AWS::KMS::Key': ['kms:CreateKey', 'kms:DescribeKey', 'kms:EnableKey', 'kms:EnableKeyRotation', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:UpdateKeyDescription', 'kms:ListResourceTags', 'kms:TagResource', 'kms:UntagResource'],
  'AWS::KinesisFirehose::DeliveryStream': ['firehose:CreateDeliveryStream', 'firehose:UpdateDestination', 'firehose:DescribeDeliveryStream', 'firehose:DeleteDeliveryStream', 'firehose:StartDeliveryStreamEncryption', 'firehose:TagDeliveryStream', 'firehose:UntagDeliveryStream', 'iam:PassRole', 'kms:CreateGrant', 'kms:DescribeKey'],
  'AWS::Lambda::Function': ['lambda:CreateFunction', 'lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:DeleteFunction', 'lambda:PutFunctionConcurrency', 'lambda:DeleteFunctionConcurrency', 'lambda:TagResource', 'lambda:UntagResource', 'lambda:ListTags', 'iam:PassRole', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'kms:CreateGrant', 'kms:Encrypt'],
  'AWS::Lambda::Permission': ['lambda:AddPermission', 'lambda:RemovePermission', 'lambda:GetPolicy'],
  'AWS::Logs::LogGroup': ['logs:CreateLogGroup', 'logs:DescribeLogGroups', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:AssociateKmsKey', 'logs:DisassociateKmsKey', 'logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource', 'logs:PutDataProtectionPolicy'],
  'AWS::Logs::LogStream': ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:DeleteLogStream'],
  'AWS::Logs::MetricFilter': ['logs:PutMetricFilter', 'logs:DescribeMetricFilters', 'logs:DeleteMetricFilter'],
  'AWS::Logs::ResourcePolicy': ['logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DeleteResourcePolicy'],
  'AWS::Logs::SubscriptionFilter': ['logs:PutSubscriptionFilter', 'logs:DescribeSubscriptionFilters', 'logs:DeleteSubscriptionFilter', 'iam:PassRole'],
  'AWS::S3::Bucket': ['s3:CreateBucket', 's3:ListBucket', 's3:GetBucket*', 's3:PutBucket*', 's3:GetEncryptionConfiguration', 's3:PutEncryptionConfiguration', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration', 's3:GetReplicationConfiguration', 's3:PutReplicationConfiguration', 's3:GetAccelerateConfiguration', 's3:GetAnalyticsConfiguration', 's3:GetIntelligentTieringConfiguration', 's3:GetInventoryConfiguration', 's3:GetMetricsConfiguration', 's3:PutMetricsConfiguration', 's3:PutIntelligentTieringConfiguration', 's3:PutInventoryConfiguration', 's3:PutAnalyticsConfiguration', 's3:PutAccelerateConfiguration', 'iam:PassRole'],
  'AWS::S3::BucketPolicy': ['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
  'AWS::SNS::Subscription': ['sns:Subscribe', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'],
  'AWS::SNS::Topic': ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:TagResource', 'sns:UntagResource', 'sns:ListTagsForResource'],
  'AWS::SNS::TopicPolicy': ['sns:GetTopicAttributes', 'sns:SetTopicAttributes'],
  'AWS::SSM::Parameter': ['ssm:PutParameter', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:DeleteParameter', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource', 'ssm:ListTagsForResource'],
  'AWS::SecretsManager::Secret': ['secretsmanager:CreateSecret', 'secretsmanager:UpdateSecret', 'secretsmanager:DescribeSecret', 'secretsmanager:DeleteSecret', 'secretsmanager:TagResource', 'secretsmanager:UntagResource', 'secretsmanager:GetRandomPassword', 'kms:GenerateDataKey', 'kms:Decrypt'],
  'AWS::SecurityHub::Hub': ['securityhub:EnableSecurityHub', 'securityhub:DescribeHub', 'securityhub:UpdateSecurityHubConfiguration', 'securityhub:TagResource', 'securityhub:UntagResource', 'securityhub:ListTagsForResource', 'iam:CreateServiceLinkedRole'],
  'AWS::SecurityHub::Standard': ['securityhub:BatchEnableStandards', 'securityhub:GetEnabledStandards', 'securityhub:DescribeStandardsControls', 'securityhub:UpdateStandardsControl'],
  'AWS::WAFv2::LoggingConfiguration': ['wafv2:PutLoggingConfiguration', 'wafv2:GetLoggingConfiguration', 'wafv2:DeleteLoggingConfiguration', 'logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'iam:CreateServiceLinkedRole'],
  'AWS::WAFv2::WebACL': ['wafv2:CreateWebACL', 'wafv2:UpdateWebACL', 'wafv2:GetWebACL', 'wafv2:DeleteWebACL', 'wafv2:ListTagsForResource', 'wafv2:TagResource', 'wafv2:UntagResource'],
  'AWS::WAFv2::WebACLAssociation': ['wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL', 'wafv2:GetWebACLForResource', 'apigateway:SetWebACL'],
};

/** Resource types in `types` that {@link RESOURCE_TYPE_ACTIONS} does not cover, sorted. */
export function uncoveredResourceTypes(types: Iterable<string>): string[] {
  return [...new Set(types)].filter((t) => !(t in RESOURCE_TYPE_ACTIONS)).sort();
}

/** The IAM service prefix of a CloudFormation resource type (`AWS::KMS::Key` -> `kms`), or undefined for CDK's own types. */
export function servicePrefix(resourceType: string): string | undefined {
  const [, service] = resourceType.split('::');
  if (!service || service === 'CDK') return undefined;
  const special: Record<string, string> = {
    ApiGatewayV2: 'apigateway',
    CertificateManager: 'acm',
    Cognito: 'cognito-idp',
    KinesisFirehose: 'firehose',
    Logs: 'logs',
    WAFv2: 'wafv2',
  };
  return special[service] ?? service.toLowerCase();
}
