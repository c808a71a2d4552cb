import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';

/*
 * Key policy statements for the AWS services that use Rootstock's keys. Each construct that
 * hands a key to a service calls the matching helper, so a key policy lists exactly the
 * services that use the key. Calling a helper twice for one key adds the statement once.
 * For a key imported from outside the stack the statement cannot be added: its owner must
 * grant the same access.
 */

const added = new WeakMap<kms.IKey, Set<string>>();

function addOnce(key: kms.IKey, sid: string, statement: () => iam.PolicyStatement): void {
  const sids = added.get(key) ?? new Set<string>();
  if (sids.has(sid)) return;
  sids.add(sid);
  added.set(key, sids);
  key.addToResourcePolicy(statement());
}

/**
 * Lets CloudWatch Logs use the key for log groups of this account and region only.
 *
 * Scoped with the `kms:EncryptionContext:aws:logs:arn` condition CloudWatch Logs sets.
 */
export function allowCloudWatchLogs(key: kms.IKey, scope: IConstruct): void {
  const stack = Stack.of(scope);
  addOnce(key, 'AllowCloudWatchLogs', () => new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogs',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    },
  }));
}

/**
 * Lets CloudTrail encrypt log files for trails of this account, and describe the key.
 *
 * Scoped with the `kms:EncryptionContext:aws:cloudtrail:arn` condition CloudTrail sets.
 */
export function allowCloudTrail(key: kms.IKey, scope: IConstruct): void {
  const stack = Stack.of(scope);
  const trailArns = `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`;
  addOnce(key, 'AllowCloudTrailEncrypt', () => new iam.PolicyStatement({
    sid: 'AllowCloudTrailEncrypt',
    principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
    actions: ['kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: {
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArns },
      StringEquals: { 'aws:SourceAccount': stack.account },
    },
  }));
  addOnce(key, 'AllowCloudTrailDescribe', () => new iam.PolicyStatement({
    sid: 'AllowCloudTrailDescribe',
    principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
    actions: ['kms:DescribeKey'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  }));
}

/**
 * Lets AWS log delivery (VPC flow logs and other vended logs) write to a bucket encrypted
 * with the key, for this account's log sources only.
 */
export function allowLogDelivery(key: kms.IKey, scope: IConstruct): void {
  const stack = Stack.of(scope);
  addOnce(key, 'AllowLogDelivery', () => new iam.PolicyStatement({
    sid: 'AllowLogDelivery',
    principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
    },
  }));
}

/**
 * Lets CloudWatch alarms publish to an SNS topic encrypted with the key.
 *
 * SNS asks KMS for a data key on the publisher's behalf, so the condition pins the call to
 * SNS in this region.
 */
export function allowCloudWatchAlarms(key: kms.IKey, scope: IConstruct): void {
  const stack = Stack.of(scope);
  addOnce(key, 'AllowCloudWatchAlarms', () => new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarms',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: { StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` } },
  }));
}

/**
 * Denies `kms:CreateGrant` unless the grant is for an AWS resource or the caller is an AWS
 * service (AWS Control Tower CT.KMS.PR.3), so nobody can hand a key's use to an arbitrary
 * principal through a grant. AWS services (Backup, HealthLake, Firehose, EBS) still create grants.
 */
export function restrictGrantsToAwsServices(key: kms.IKey): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyGrantsExceptForAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
}

/** The key-destroying actions only a named break-glass role may call on a protected key. */
export const KEY_DESTRUCTION_ACTIONS: readonly string[] = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'];

/**
 * Denies scheduling the key's deletion, disabling it, or replacing its policy to every principal
 * except `breakGlassRoleArn`: an account administrator cannot make an Object Lock archive
 * unreadable by destroying its key. CloudFormation may still update the key policy when the stack
 * changes it (`aws:CalledVia` cloudformation), never schedule deletion or disable the key.
 * Attempts are logged by CloudTrail and raise the CIS key alarms (CmkDisableOrDeletion, KmsKeyPolicyChanges).
 */
export function denyKeyDestruction(key: kms.IKey, breakGlassRoleArn: string): void {
  addOnce(key, 'DenyKeyDestructionExceptBreakGlass', () => new iam.PolicyStatement({
    sid: 'DenyKeyDestructionExceptBreakGlass',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
    resources: ['*'],
    conditions: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassRoleArn } },
  }));
  addOnce(key, 'DenyKeyPolicyChangeExceptStackOrBreakGlass', () => new iam.PolicyStatement({
    sid: 'DenyKeyPolicyChangeExceptStackOrBreakGlass',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:PutKeyPolicy'],
    resources: ['*'],
    conditions: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassRoleArn }, 'ForAllValues:StringNotEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } },
  }));
}
