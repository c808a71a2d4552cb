import { Aspects, AspectPriority, Duration, RemovalPolicy, Tags, TagManager, CfnResource } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, type IConstruct } from 'constructs';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import { DesignFindings } from '../core/design-findings';
import { backupCoverage } from './backup-coverage';

/** AWS Backup's own service-role policies CDK gives the selection role. */
const DEFAULT_BACKUP_POLICIES = ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores'];
/** AWS Backup's own service-role policies for S3 buckets (versioned buckets only). */
const S3_BACKUP_POLICIES = ['AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore'];

/** The tag that puts a resource in the trust's backup plan. */
export const BACKUP_TAG_KEY = 'rootstock:backup';
/** The value of {@link BACKUP_TAG_KEY} that selects a resource. */
export const BACKUP_TAG_VALUE = 'true';

/** How the backup vault is locked. */
export enum BackupVaultLockMode {
  /**
   * After a 3-day grace period the lock becomes immutable: nobody, root included, can delete
   * recovery points early, lower the minimum retention or remove the lock.
   */
  COMPLIANCE = 'COMPLIANCE',
  /** The lock enforces retention but can be removed by a principal allowed to do so. */
  GOVERNANCE = 'GOVERNANCE',
}

/** Props of a {@link TrustBackup}. */
export interface TrustBackupProps {
  /**
   * The key that encrypts recovery points in the vault.
   *
   * @default - a new customer-managed key (rotated, retained)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Days daily recovery points are kept (at least 7). Also the vault lock's minimum retention,
   * when shorter than `monthlyRetentionDays`.
   *
   * @default - 35 days
   */
  readonly dailyRetentionDays?: number;
  /**
   * Days monthly recovery points are kept (at least `dailyRetentionDays`).
   *
   * @default - 365 days
   */
  readonly monthlyRetentionDays?: number;
  /**
   * How the vault is locked.
   *
   * @default BackupVaultLockMode.COMPLIANCE - immutable after 3 days
   */
  readonly lockMode?: BackupVaultLockMode;
}

/**
 * An AWS Backup vault, locked and encrypted with a customer-managed key, and a plan that
 * backs up every resource tagged `rootstock:backup=true` daily and monthly (S3 included: the
 * plan's role carries AWS Backup's S3 policies).
 *
 * {@link TrustBackup.protect} tags a trust's own resources, wherever they are defined;
 * {@link TrustBackup.protectSupportedResources} tags every resource of a stack that AWS Backup
 * can protect (see `backupCoverage`), so a resource added later is covered without a step to forget.
 */
export class TrustBackup extends Construct {
  /**
   * Puts a resource (and every resource under it) in the trust's backup plan by tagging it
   * `rootstock:backup=true`: the documented way for a trust's own resources, in any stack of the
   * trust's account and region. AWS Backup selects only the resource types it supports.
   */
  public static protect(scope: IConstruct): void {
    Tags.of(scope).add(BACKUP_TAG_KEY, BACKUP_TAG_VALUE);
  }

  /**
   * Tags every resource under `scope` that AWS Backup can protect and that is not protected
   * another way (`backupCoverage`), including resources added after this call, so the plan
   * selects them. Object-Locked buckets and unversioned buckets are left out with the reason
   * `backupCoverage` gives.
   */
  public static protectSupportedResources(scope: IConstruct): void {
    Aspects.of(scope).add(
      {
        visit: (node: IConstruct) => {
          if (CfnResource.isCfnResource(node) && backupCoverage(node).inPlan) TagManager.of(node)?.setTag(BACKUP_TAG_KEY, BACKUP_TAG_VALUE, 100);
        },
      },
      { priority: AspectPriority.MUTATING },
    );
  }

  /** The vault (locked, retained on delete, recovery points cannot be deleted by hand). */
  public readonly vault: backup.BackupVault;
  /** The plan (daily and monthly rules). */
  public readonly plan: backup.BackupPlan;
  /** The selection of tagged resources. */
  public readonly selection: backup.BackupSelection;
  /** The key encrypting the vault. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: TrustBackupProps = {}) {
    super(scope, id);
    throwIfProblems(`TrustBackup ${this.node.path}`, trustBackupProblems(props));
    const daily = props.dailyRetentionDays ?? 35;
    const monthly = props.monthlyRetentionDays ?? 365;
    const lockMode = props.lockMode ?? BackupVaultLockMode.COMPLIANCE;

    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: 'Rootstock backup vault key',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: this.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
      lockConfiguration: {
        // Every rule's retention is at least this, so no scheduled job is refused by the lock.
        minRetention: Duration.days(Math.min(daily, monthly)),
        changeableFor: lockMode === BackupVaultLockMode.COMPLIANCE ? Duration.days(3) : undefined,
      },
    });

    this.plan = new backup.BackupPlan(this, 'Plan', { backupVault: this.vault });
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2' }),
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
      deleteAfter: Duration.days(daily),
    }));
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Monthly',
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3', day: '1' }),
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(12),
      deleteAfter: Duration.days(monthly),
    }));
    this.selection = this.plan.addSelection('Tagged', {
      resources: [backup.BackupResource.fromTag(BACKUP_TAG_KEY, BACKUP_TAG_VALUE)],
      allowRestores: true,
    });
    // Tag selection can pick S3 buckets: AWS Backup needs its S3 policies on the role for them (the default role has none).
    const role = this.selection.grantPrincipal;
    if (role instanceof iam.Role) {
      for (const policy of S3_BACKUP_POLICIES) role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(`service-role/${policy}`));
    }
    DesignFindings.of(this.selection).addAll(
      [...DEFAULT_BACKUP_POLICIES, ...S3_BACKUP_POLICIES].map((p) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${p}]`),
      "AWS Backup's own service-role policies: AWS keeps them current as Backup supports new resource types, which a hand-written copy would silently miss.",
    );
  }
}

/** What is wrong with a {@link TrustBackup}'s props (empty when nothing is). */
export function trustBackupProblems(props: Pick<TrustBackupProps, 'dailyRetentionDays' | 'monthlyRetentionDays'>): PropsProblem[] {
  const problems: PropsProblem[] = [];
  const daily = props.dailyRetentionDays ?? 35;
  const monthly = props.monthlyRetentionDays ?? 365;
  if (!Number.isInteger(daily) || daily < 7) problems.push({ field: 'dailyRetentionDays', message: `must be a whole number of at least 7, got ${daily}. Leave it unset for 35` });
  if (!Number.isInteger(monthly) || monthly < daily) {
    problems.push({ field: 'monthlyRetentionDays', message: `must be a whole number no smaller than 'dailyRetentionDays' (${daily}), got ${monthly}. Leave it unset for 365` });
  }
  return problems;
}
