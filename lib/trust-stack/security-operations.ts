import { Annotations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { SiemDestination, SiemForwarder } from '../../constructs/logging/siem-forwarder';
import { SecurityServices } from '../../constructs/security/security-services';
import type { TrustConfig } from '../config/schema';
import type { SiemConfig, SiemLogGroupName } from '../config/siem';

/** What the trust's foundations give the security operations constructs. */
export interface SecurityOperationsFoundations {
  /** The customer-managed key for logs (Firehose stream, backup bucket, findings and delivery error log groups). */
  readonly logsKey: kms.IKey;
  /** The audit archive bucket (AWS Config delivers here). */
  readonly archiveBucket: s3.IBucket;
  /**
   * The archive bucket's key.
   *
   * @default - archiveBucket.encryptionKey
   */
  readonly archiveKey?: kms.IKey;
  /**
   * The security alarm topic.
   *
   * @default - no notifications
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The alarm topic's KMS key, so EventBridge can publish findings to the encrypted topic.
   *
   * @default - the key policy is left as it is
   */
  readonly alarmTopicKey?: kms.IKey;
  /**
   * The bucket receiving S3 server access logs.
   *
   * @default - no access logging of the SIEM backup bucket
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * The stack's log groups the SIEM can forward, by config name. `findings` is supplied by the security services.
   *
   * @default - only findings
   */
  readonly logGroups?: Partial<Record<Exclude<SiemLogGroupName, 'findings'>, logs.ILogGroup>>;
}

/** The constructs `addSecurityOperations` defines. */
export interface SecurityOperations {
  /** GuardDuty, Security Hub, AWS Config and findings routing. */
  readonly securityServices: SecurityServices;
  /** The SIEM forwarder, unless `siem.destination` is `none`. */
  readonly siem?: SiemForwarder;
}

/**
 * Builds a trust's security operations from its validated config: `SecurityServices` (id
 * `SecurityServices`) and, unless `siem.destination` is `none`, a `SiemForwarder` (id `Siem`)
 * subscribed to the configured log groups the stack has.
 */
export function addSecurityOperations(
  scope: Construct,
  config: Pick<TrustConfig, 'siem' | 'securityServices' | 'logging'>,
  foundations: SecurityOperationsFoundations,
): SecurityOperations {
  const retention = config.logging.securityRetentionDays as logs.RetentionDays;
  const securityServices = new SecurityServices(scope, 'SecurityServices', {
    encryptionKey: foundations.logsKey,
    archiveBucket: foundations.archiveBucket,
    archiveKey: foundations.archiveKey,
    alarmTopic: foundations.alarmTopic,
    alarmTopicKey: foundations.alarmTopicKey,
    findingsRetention: retention,
    guardDuty: config.securityServices.guardDuty as SecurityServices['settings']['guardDuty'],
    securityHub: config.securityServices.securityHub as SecurityServices['settings']['securityHub'],
    config: config.securityServices.config as SecurityServices['settings']['config'],
  });
  if (config.siem.destination === 'none') return { securityServices };

  const available: Partial<Record<SiemLogGroupName, logs.ILogGroup>> = { ...foundations.logGroups, findings: securityServices.findings.logGroup };
  const logGroups: Record<string, logs.ILogGroup> = {};
  const missing: string[] = [];
  for (const name of config.siem.logGroups) {
    const group = available[name];
    if (group) logGroups[name] = group;
    else missing.push(name);
  }
  const siem = new SiemForwarder(scope, 'Siem', {
    destination: siemDestination(scope, config.siem),
    logGroups,
    encryptionKey: foundations.logsKey,
    alarmTopic: foundations.alarmTopic,
    accessLogsBucket: foundations.accessLogsBucket,
    retention,
  });
  if (missing.length) Annotations.of(siem).addInfo(`siem.logGroups: this stack has no ${missing.join(', ')} log group; not forwarded.`);
  return { securityServices, siem };
}

/** The `SiemDestination` for a `siem:` config section (not `none`). The secret is referenced, never read. */
export function siemDestination(scope: Construct, siem: Exclude<SiemConfig, { destination: 'none' }>): SiemDestination {
  switch (siem.destination) {
    case 'splunk':
      return SiemDestination.splunk({ endpoint: siem.endpoint, secret: secretByName(scope, siem.secretName), endpointType: siem.endpointType });
    case 'http':
      return SiemDestination.http({ endpoint: siem.endpoint, secret: secretByName(scope, siem.secretName), endpointName: siem.endpointName });
    case 's3':
      return SiemDestination.crossAccountBucket({ bucketArn: siem.bucketArn, kmsKeyArn: siem.kmsKeyArn });
  }
}

function secretByName(scope: Construct, nameOrArn: string): secretsmanager.ISecret {
  if (!nameOrArn.startsWith('arn:')) return secretsmanager.Secret.fromSecretNameV2(scope, 'SiemSecret', nameOrArn);
  // A complete ARN ends in the 6-character suffix Secrets Manager adds.
  return /-[A-Za-z0-9]{6}$/.test(nameOrArn)
    ? secretsmanager.Secret.fromSecretCompleteArn(scope, 'SiemSecret', nameOrArn)
    : secretsmanager.Secret.fromSecretPartialArn(scope, 'SiemSecret', nameOrArn);
}
