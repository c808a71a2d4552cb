import type { NhsRule } from '../rule';
import KMSKeyRotationEnabled from './kms/KMSKeyRotationEnabled';
// part B (rules-b)
import S3BucketPublicAccessBlocked from './s3/S3BucketPublicAccessBlocked';
import EC2SecurityGroupNoPublicAdminIngress from './ec2/EC2SecurityGroupNoPublicAdminIngress';
import RDSInstanceNotPubliclyAccessible from './rds/RDSInstanceNotPubliclyAccessible';
import LambdaUrlAuthRequired from './lambda/LambdaUrlAuthRequired';
import CloudTrailTrailMultiRegion from './cloudtrail/CloudTrailTrailMultiRegion';
import CloudTrailTrailLogFileValidation from './cloudtrail/CloudTrailTrailLogFileValidation';
import CloudTrailTrailKmsEncrypted from './cloudtrail/CloudTrailTrailKmsEncrypted';
import S3ArchiveObjectLockCompliance from './s3/S3ArchiveObjectLockCompliance';
import LogsLogGroupRetentionMinimum from './logs/LogsLogGroupRetentionMinimum';
import LogsLogGroupRetentionSetOrArchived from './logs/LogsLogGroupRetentionSetOrArchived';
import APIGatewayStageAccessLogging from './apigateway/APIGatewayStageAccessLogging';
import EC2VPCFlowLogAllTraffic from './ec2/EC2VPCFlowLogAllTraffic';
import S3BucketAccessLogging from './s3/S3BucketAccessLogging';
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
 * Every rule in the NHS pack, in report order. Adding or dropping a rule here is a visible
 * change: test/policies/nhs-trust-checks.test.ts pins this list.
 */
export const NHS_RULES: readonly NhsRule[] = [
  // kms
  KMSKeyRotationEnabled,
  // part B (rules-b)
  // part B: public exposure
  S3BucketPublicAccessBlocked,
  EC2SecurityGroupNoPublicAdminIngress,
  RDSInstanceNotPubliclyAccessible,
  LambdaUrlAuthRequired,
  // part B: logging and audit
  CloudTrailTrailMultiRegion,
  CloudTrailTrailLogFileValidation,
  CloudTrailTrailKmsEncrypted,
  S3ArchiveObjectLockCompliance,
  LogsLogGroupRetentionMinimum,
  LogsLogGroupRetentionSetOrArchived,
  APIGatewayStageAccessLogging,
  EC2VPCFlowLogAllTraffic,
  S3BucketAccessLogging,
  // part B: identity
  CognitoUserPoolMfaRequired,
  CognitoUserPoolStrongPasswordPolicy,
  CognitoUserPoolDeletionProtection,
  IAMPolicyNoAdminAccess,
  IAMUserNoConsolePassword,
  IAMUserNoAccessKeys,
  // part B: resilience
  DynamoDBTablePointInTimeRecovery,
  RDSBackupRetentionMinimum,
  RDSDeletionProtectionEnabled,
  BackupVaultLocked,
  // part B: data residency
  ResidencyRegionReferencesUk,
  ResidencyS3ReplicationDestinationUk,
  // part B: FHIR
  HealthLakeDatastoreNoSyntheticDataInProd,
];
