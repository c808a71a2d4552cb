import { Stack, type CfnResource } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The CloudFormation resource types whose data AWS Backup can back up (AWS Backup developer
 * guide, "Supported AWS resources"). S3 buckets need versioning.
 */
export const BACKUP_SUPPORTED_RESOURCE_TYPES: readonly string[] = [
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::EFS::FileSystem',
  'AWS::FSx::FileSystem',
  'AWS::EC2::Instance',
  'AWS::EC2::Volume',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::Neptune::DBCluster',
  'AWS::DocDB::DBCluster',
  'AWS::Redshift::Cluster',
  'AWS::Timestream::Table',
];

/** How one resource's data is protected: by the trust's backup plan, or otherwise (and why). */
export interface BackupCoverage {
  /** Whether the backup plan selects it. */
  readonly inPlan: boolean;
  /** Why it is not in the plan, when it is not. */
  readonly reason?: string;
}

/**
 * Whether the trust's backup plan should protect `resource`: every resource type AWS Backup
 * supports, except an S3 bucket with Object Lock (nobody, root included, can delete or overwrite
 * its objects within the retention; a second copy would double years of audit storage) and an
 * unversioned bucket (AWS Backup refuses it: turn versioning on to have it backed up).
 */
export function backupCoverage(resource: CfnResource): BackupCoverage {
  if (!BACKUP_SUPPORTED_RESOURCE_TYPES.includes(resource.cfnResourceType)) {
    return { inPlan: false, reason: `AWS Backup does not support ${resource.cfnResourceType}` };
  }
  if (!(resource instanceof s3.CfnBucket)) return { inPlan: true };
  const stack = Stack.of(resource);
  if (stack.resolve(resource.objectLockEnabled) === true) return { inPlan: false, reason: 'S3 Object Lock protects its objects: none can be deleted or overwritten within the retention' };
  const versioning = stack.resolve(resource.versioningConfiguration) as { status?: unknown } | undefined;
  if (versioning?.status !== 'Enabled') return { inPlan: false, reason: 'AWS Backup backs up versioned buckets only: turn versioning on' };
  return { inPlan: true };
}
