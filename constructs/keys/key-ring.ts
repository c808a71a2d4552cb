import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import { restrictGrantsToAwsServices } from './key-policies';

/** What a key in the ring is for. */
export type KeyPurpose = 'logs' | 'data' | 'backup';

/** The purposes every key ring holds a key for, in order. */
export const KEY_PURPOSES: readonly KeyPurpose[] = ['logs', 'data', 'backup'];

const DESCRIPTIONS: Record<KeyPurpose, string> = {
  logs: 'audit and security logs: CloudTrail, CloudWatch Logs, the audit archive, alarm topics',
  data: 'trust data at rest: data stores and data buckets',
  backup: 'the AWS Backup vault',
};

/** Props of a {@link KeyRing}. */
export interface KeyRingProps {
  /**
   * Prefix of the aliases given to the keys: `<aliasPrefix>/<purpose>`.
   *
   * @default - no aliases
   */
  readonly aliasPrefix?: string;
  /**
   * Days a key waits, once scheduled for deletion, before KMS deletes it (7 to 30).
   *
   * @default - 30 days, the longest window, to leave time to cancel a mistaken deletion
   */
  readonly pendingWindowDays?: number;
}

/**
 * Customer-managed KMS keys, one per purpose: logs, data and backup.
 *
 * Every key rotates yearly and is retained when the stack is deleted, because data encrypted
 * with a deleted key is lost. Key policies start with the account's administrators only; the
 * constructs that give a key to an AWS service add a statement scoped to that service.
 */
export class KeyRing extends Construct {
  /** Encrypts audit and security logs: the trail, log groups, the audit archive and alarm topics. */
  public readonly logsKey: kms.IKey;
  /** Encrypts trust data at rest (FHIR store, data buckets). */
  public readonly dataKey: kms.IKey;
  /** Encrypts recovery points in the backup vault. */
  public readonly backupKey: kms.IKey;

  constructor(scope: Construct, id: string, props: KeyRingProps = {}) {
    super(scope, id);
    throwIfProblems(`KeyRing ${this.node.path}`, keyRingProblems(props));
    const pendingWindowDays = props.pendingWindowDays ?? 30;

    const make = (purpose: KeyPurpose, keyId: string): kms.Key =>
      new kms.Key(this, keyId, {
        description: `Rootstock ${purpose} key: ${DESCRIPTIONS[purpose]}`,
        enableKeyRotation: true,
        pendingWindow: Duration.days(pendingWindowDays),
        removalPolicy: RemovalPolicy.RETAIN,
        alias: props.aliasPrefix ? `${props.aliasPrefix}/${purpose}` : undefined,
      });
    this.logsKey = make('logs', 'LogsKey');
    this.dataKey = make('data', 'DataKey');
    this.backupKey = make('backup', 'BackupKey');
    for (const key of [this.logsKey, this.dataKey, this.backupKey]) restrictGrantsToAwsServices(key);
  }

  /** The key for one purpose. */
  public keyFor(purpose: KeyPurpose): kms.IKey {
    switch (purpose) {
      case 'logs': return this.logsKey;
      case 'data': return this.dataKey;
      case 'backup': return this.backupKey;
    }
  }
}

/** What is wrong with a {@link KeyRing}'s props (empty when nothing is). */
export function keyRingProblems(props: KeyRingProps): PropsProblem[] {
  const problems: PropsProblem[] = [];
  const days = props.pendingWindowDays ?? 30;
  if (!Number.isInteger(days) || days < 7 || days > 30) problems.push({ field: 'pendingWindowDays', message: `must be a whole number from 7 to 30 (KMS limits), got ${days}. Leave it unset for 30` });
  const prefix = props.aliasPrefix;
  if (prefix !== undefined && !/^alias\/[a-zA-Z0-9/_-]+$/.test(prefix)) {
    problems.push({ field: 'aliasPrefix', message: `must start with 'alias/' and use only letters, digits, '/', '_' and '-', got '${prefix}'. For example: alias/rootstock/RXX/prod` });
  } else if (prefix?.startsWith('alias/aws/')) {
    problems.push({ field: 'aliasPrefix', message: `must not start with 'alias/aws/' (reserved for AWS managed keys), got '${prefix}'` });
  }
  return problems;
}
