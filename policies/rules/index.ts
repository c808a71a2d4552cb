import type { NhsRule } from '../rule';
import KMSKeyRotationEnabled from './kms/KMSKeyRotationEnabled';
import S3BucketKmsEncrypted from './s3/S3BucketKmsEncrypted';
import EC2VolumeKmsEncrypted from './ec2/EC2VolumeKmsEncrypted';
import RDSStorageKmsEncrypted from './rds/RDSStorageKmsEncrypted';
import DynamoDBTableKmsEncrypted from './dynamodb/DynamoDBTableKmsEncrypted';
import SQSQueueKmsEncrypted from './sqs/SQSQueueKmsEncrypted';
import SNSTopicKmsEncrypted from './sns/SNSTopicKmsEncrypted';
import LogsLogGroupKmsEncrypted from './logs/LogsLogGroupKmsEncrypted';
import KinesisStreamKmsEncrypted from './kinesis/KinesisStreamKmsEncrypted';
import FirehoseDeliveryStreamKmsEncrypted from './firehose/FirehoseDeliveryStreamKmsEncrypted';
import SecretsManagerSecretKmsEncrypted from './secretsmanager/SecretsManagerSecretKmsEncrypted';
import EFSFileSystemKmsEncrypted from './efs/EFSFileSystemKmsEncrypted';
import BackupVaultKmsEncrypted from './backup/BackupVaultKmsEncrypted';
import HealthLakeDatastoreKmsEncrypted from './healthlake/HealthLakeDatastoreKmsEncrypted';
import NeptuneClusterKmsEncrypted from './neptune/NeptuneClusterKmsEncrypted';
import ElastiCacheKmsEncrypted from './elasticache/ElastiCacheKmsEncrypted';
import OpenSearchDomainKmsEncrypted from './opensearch/OpenSearchDomainKmsEncrypted';
import KMSKeyRetained from './kms/KMSKeyRetained';
import KMSKeyDeletionWindowMaximum from './kms/KMSKeyDeletionWindowMaximum';
import S3ArchiveBucketRetained from './s3/S3ArchiveBucketRetained';
import HealthLakeDatastoreRetained from './healthlake/HealthLakeDatastoreRetained';
import CognitoUserPoolRetained from './cognito/CognitoUserPoolRetained';
import LogsLogGroupRetained from './logs/LogsLogGroupRetained';
import BackupVaultRetained from './backup/BackupVaultRetained';
import S3BucketTLSRequestsOnly from './s3/S3BucketTLSRequestsOnly';
import ELBListenerTLS12 from './elb/ELBListenerTLS12';
import APIGatewayDomainNameTLS12 from './apigateway/APIGatewayDomainNameTLS12';
import RDSDatabaseTLSRequired from './rds/RDSDatabaseTLSRequired';
import ElastiCacheTransitEncrypted from './elasticache/ElastiCacheTransitEncrypted';
import OpenSearchDomainTLS12 from './opensearch/OpenSearchDomainTLS12';
import S3BucketPublicAccessBlocked from './s3/S3BucketPublicAccessBlocked';
import EC2SecurityGroupNoPublicAdminIngress from './ec2/EC2SecurityGroupNoPublicAdminIngress';
import RDSInstanceNotPubliclyAccessible from './rds/RDSInstanceNotPubliclyAccessible';
import LambdaUrlAuthRequired from './lambda/LambdaUrlAuthRequired';
import LambdaPermissionSourceScoped from './lambda/LambdaPermissionSourceScoped';
import IAMResourcePolicyNoPublicPrincipal from './iam/IAMResourcePolicyNoPublicPrincipal';
import CloudTrailTrailMultiRegion from './cloudtrail/CloudTrailTrailMultiRegion';
import CloudTrailTrailLogFileValidation from './cloudtrail/CloudTrailTrailLogFileValidation';
import CloudTrailTrailKmsEncrypted from './cloudtrail/CloudTrailTrailKmsEncrypted';
import S3ArchiveObjectLockCompliance from './s3/S3ArchiveObjectLockCompliance';
import LogsLogGroupRetentionMinimum from './logs/LogsLogGroupRetentionMinimum';
import LogsLogGroupRetentionSetOrArchived from './logs/LogsLogGroupRetentionSetOrArchived';
import APIGatewayStageAccessLogging from './apigateway/APIGatewayStageAccessLogging';
import EC2VPCFlowLogAllTraffic from './ec2/EC2VPCFlowLogAllTraffic';
import S3BucketAccessLogging from './s3/S3BucketAccessLogging';
import CloudWatchAlarmActionsEnabled from './cloudwatch/CloudWatchAlarmActionsEnabled';
import LogsMetricFilterAlarmed from './logs/LogsMetricFilterAlarmed';
import GuardDutyDetectorFindingsRouted from './guardduty/GuardDutyDetectorFindingsRouted';
import SecurityHubHubFindingsRouted from './securityhub/SecurityHubHubFindingsRouted';
import ECRRepositoryScanOnPush from './ecr/ECRRepositoryScanOnPush';
import LambdaFunctionRuntimeSupported from './lambda/LambdaFunctionRuntimeSupported';
import CognitoUserPoolMfaRequired from './cognito/CognitoUserPoolMfaRequired';
import CognitoUserPoolStrongPasswordPolicy from './cognito/CognitoUserPoolStrongPasswordPolicy';
import CognitoUserPoolDeletionProtection from './cognito/CognitoUserPoolDeletionProtection';
import IAMPolicyNoAdminAccess from './iam/IAMPolicyNoAdminAccess';
import IAMUserNoConsolePassword from './iam/IAMUserNoConsolePassword';
import IAMUserNoAccessKeys from './iam/IAMUserNoAccessKeys';
import DynamoDBTablePointInTimeRecovery from './dynamodb/DynamoDBTablePointInTimeRecovery';
import RDSBackupRetentionMinimum from './rds/RDSBackupRetentionMinimum';
import RDSDeletionProtectionEnabled from './rds/RDSDeletionProtectionEnabled';
import BackupVaultLocked from './backup/BackupVaultLocked';
import ResidencyRegionReferencesUk from './residency/ResidencyRegionReferencesUk';
import ResidencyS3ReplicationDestinationUk from './residency/ResidencyS3ReplicationDestinationUk';
import HealthLakeDatastoreNoSyntheticDataInProd from './healthlake/HealthLakeDatastoreNoSyntheticDataInProd';

/**
 * Every rule in the NHS pack, in report order, grouped by what they protect. Adding or dropping a
 * rule here is a visible change: test/policies/rules.test.ts pins this list, and checks each rule's
 * id is its file name and its folder its service area.
 */
export const NHS_RULES: readonly NhsRule[] = [
  // encryption at rest with customer-managed keys
  KMSKeyRotationEnabled,
  S3BucketKmsEncrypted,
  EC2VolumeKmsEncrypted,
  RDSStorageKmsEncrypted,
  DynamoDBTableKmsEncrypted,
  SQSQueueKmsEncrypted,
  SNSTopicKmsEncrypted,
  LogsLogGroupKmsEncrypted,
  KinesisStreamKmsEncrypted,
  FirehoseDeliveryStreamKmsEncrypted,
  SecretsManagerSecretKmsEncrypted,
  EFSFileSystemKmsEncrypted,
  BackupVaultKmsEncrypted,
  HealthLakeDatastoreKmsEncrypted,
  NeptuneClusterKmsEncrypted,
  ElastiCacheKmsEncrypted,
  OpenSearchDomainKmsEncrypted,
  // keys and stateful resources kept
  KMSKeyRetained,
  KMSKeyDeletionWindowMaximum,
  S3ArchiveBucketRetained,
  HealthLakeDatastoreRetained,
  CognitoUserPoolRetained,
  LogsLogGroupRetained,
  BackupVaultRetained,
  // encryption in transit
  S3BucketTLSRequestsOnly,
  ELBListenerTLS12,
  APIGatewayDomainNameTLS12,
  RDSDatabaseTLSRequired,
  ElastiCacheTransitEncrypted,
  OpenSearchDomainTLS12,
  // public exposure and separation
  S3BucketPublicAccessBlocked,
  EC2SecurityGroupNoPublicAdminIngress,
  RDSInstanceNotPubliclyAccessible,
  LambdaUrlAuthRequired,
  LambdaPermissionSourceScoped,
  IAMResourcePolicyNoPublicPrincipal,
  // logging and audit
  CloudTrailTrailMultiRegion,
  CloudTrailTrailLogFileValidation,
  CloudTrailTrailKmsEncrypted,
  S3ArchiveObjectLockCompliance,
  LogsLogGroupRetentionMinimum,
  LogsLogGroupRetentionSetOrArchived,
  APIGatewayStageAccessLogging,
  EC2VPCFlowLogAllTraffic,
  S3BucketAccessLogging,
  // alerting
  CloudWatchAlarmActionsEnabled,
  LogsMetricFilterAlarmed,
  GuardDutyDetectorFindingsRouted,
  SecurityHubHubFindingsRouted,
  // vulnerability management
  ECRRepositoryScanOnPush,
  LambdaFunctionRuntimeSupported,
  // identity
  CognitoUserPoolMfaRequired,
  CognitoUserPoolStrongPasswordPolicy,
  CognitoUserPoolDeletionProtection,
  IAMPolicyNoAdminAccess,
  IAMUserNoConsolePassword,
  IAMUserNoAccessKeys,
  // resilience
  DynamoDBTablePointInTimeRecovery,
  RDSBackupRetentionMinimum,
  RDSDeletionProtectionEnabled,
  BackupVaultLocked,
  // data residency
  ResidencyRegionReferencesUk,
  ResidencyS3ReplicationDestinationUk,
  // FHIR
  HealthLakeDatastoreNoSyntheticDataInProd,
];
