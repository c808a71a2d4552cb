import { Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { problemsOf, securityRetentionProblem } from '../core/checks';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import type { OperationalProps } from '../core/operational-props';
import { SecurityFindings } from './security-findings';
import { TrustConfigRecorder } from './trust-config-recorder';
import { TrustGuardDuty } from './trust-guard-duty';
import { TrustSecurityHub } from './trust-security-hub';

/** Whether a security service is on: always on unless turned off with a stated reason. */
export type SecurityServiceSetting = { readonly enabled: true } | { readonly enabled: false; readonly reason: string };

/** The security services a trust stack can turn on. */
export const SECURITY_SERVICES = ['guardDuty', 'securityHub', 'config'] as const;

/** One of the security services a trust stack can turn on. */
export type SecurityServiceName = (typeof SECURITY_SERVICES)[number];

/** The construct metadata type recorded for every service turned off (in the cloud assembly manifest). */
export const DISABLED_SECURITY_SERVICE_METADATA = 'rootstock:disabled-security-service';

/** The template `Metadata` key listing each security service's state and, when off, the reason. */
export const SECURITY_SERVICES_TEMPLATE_METADATA = 'RootstockSecurityServices';

/** The fewest characters a reason for turning a security service off may have. */
export const MIN_DISABLED_REASON_LENGTH = 10;

/**
 * Props of `SecurityServices`: the logs key encrypts the findings log group, `logRetentionDays`
 * is how long findings are kept, and high-severity findings notify `alarmTopic`.
 */
export interface SecurityServicesProps extends OperationalProps {
  /** The archive bucket AWS Config delivers to. */
  readonly archiveBucket: s3.IBucket;
  /**
   * The archive bucket's KMS key.
   *
   * @default - archiveBucket.encryptionKey
   */
  readonly archiveKey?: kms.IKey;
  /**
   * The key prefix AWS Config writes under in the archive bucket; `''` for none (a central
   * archive's `AWSLogs/<account>/Config/`).
   *
   * @default 'config'
   */
  readonly archiveKeyPrefix?: string;
  /**
   * The alarm topic's KMS key; its policy gains a statement letting EventBridge publish findings.
   *
   * @default - the key policy is left as it is
   */
  readonly alarmTopicKey?: kms.IKey;
  /**
   * GuardDuty.
   *
   * @default { enabled: true }
   */
  readonly guardDuty?: SecurityServiceSetting;
  /**
   * Security Hub with the FSBP and CIS standards.
   *
   * @default { enabled: true }
   */
  readonly securityHub?: SecurityServiceSetting;
  /**
   * The AWS Config recorder and delivery channel.
   *
   * @default { enabled: true }
   */
  readonly config?: SecurityServiceSetting;
  /**
   * GuardDuty Runtime Monitoring for EC2 and ECS Fargate.
   *
   * @default false
   */
  readonly runtimeMonitoring?: boolean;
  /**
   * Record global resource types in AWS Config (true in the home region only).
   *
   * @default true
   */
  readonly includeGlobalResourceTypes?: boolean;
}

/**
 * The trust's threat detection and posture: GuardDuty, Security Hub (FSBP and CIS) and the
 * AWS Config recorder, with high-severity findings routed to the alarm topic and to a findings
 * log group for the SIEM.
 *
 * Each service is on unless its setting is `{ enabled: false, reason }` (for an organisation that
 * runs it centrally). A service turned off is recorded where the evidence report reads it: in
 * the template's `Metadata.RootstockSecurityServices` (every service's state, with the reason),
 * and as construct metadata of type `rootstock:disabled-security-service` with
 * `{ service, reason }` in the cloud assembly manifest.
 */
export class SecurityServices extends Construct {
  /** Where findings are routed; forward `findings.logGroup` to the SIEM. */
  public readonly findings: SecurityFindings;
  /** GuardDuty, when on. */
  public readonly guardDuty?: TrustGuardDuty;
  /** Security Hub, when on. */
  public readonly securityHub?: TrustSecurityHub;
  /** The AWS Config recorder, when on. */
  public readonly configRecorder?: TrustConfigRecorder;
  /** Each service's state, as recorded in the template metadata. */
  public readonly settings: Record<SecurityServiceName, SecurityServiceSetting>;

  constructor(scope: Construct, id: string, props: SecurityServicesProps) {
    super(scope, id);
    throwIfProblems(`SecurityServices ${this.node.path}`, securityServicesProblems(props));
    const settings = securityServiceSettings(props);
    this.settings = settings;

    this.findings = new SecurityFindings(this, 'Findings', {
      logsKey: props.logsKey,
      logRetentionDays: props.logRetentionDays,
      alarmTopic: props.alarmTopic,
      alarmTopicKey: props.alarmTopicKey,
    });
    if (settings.guardDuty.enabled) {
      this.guardDuty = new TrustGuardDuty(this, 'GuardDuty', { findings: this.findings, runtimeMonitoring: props.runtimeMonitoring });
    }
    if (settings.securityHub.enabled) {
      this.securityHub = new TrustSecurityHub(this, 'SecurityHub', {
        findings: this.findings,
        // GuardDuty findings are routed at source when this stack runs GuardDuty.
        excludeProductNames: settings.guardDuty.enabled ? ['GuardDuty'] : undefined,
      });
    }
    if (settings.config.enabled) {
      this.configRecorder = new TrustConfigRecorder(this, 'Config', {
        archiveBucket: props.archiveBucket,
        archiveKey: props.archiveKey,
        keyPrefix: props.archiveKeyPrefix,
        includeGlobalResourceTypes: props.includeGlobalResourceTypes,
      });
    }

    // Recorded where the evidence report reads it; not an annotation, which the CDK CLI would print as a finding to acknowledge.
    for (const name of SECURITY_SERVICES) {
      const s = settings[name];
      if (!s.enabled) this.node.addMetadata(DISABLED_SECURITY_SERVICE_METADATA, { service: name, reason: s.reason });
    }
    Stack.of(this).addMetadata(SECURITY_SERVICES_TEMPLATE_METADATA, settings);
  }
}

/** Each service's setting, on unless turned off. */
function securityServiceSettings(props: Pick<SecurityServicesProps, SecurityServiceName>): Record<SecurityServiceName, SecurityServiceSetting> {
  return { guardDuty: props.guardDuty ?? { enabled: true }, securityHub: props.securityHub ?? { enabled: true }, config: props.config ?? { enabled: true } };
}

/**
 * What is wrong with a {@link SecurityServices}' props (empty when nothing is): a service turned
 * off needs a reason an assessor can read, and findings are kept at least 6 months.
 */
export function securityServicesProblems(props: Pick<SecurityServicesProps, SecurityServiceName | 'logRetentionDays'>): PropsProblem[] {
  const settings = securityServiceSettings(props);
  return problemsOf(
    ['logRetentionDays', props.logRetentionDays === undefined ? undefined : securityRetentionProblem(props.logRetentionDays)],
    ...SECURITY_SERVICES.map((name): readonly [string, string | undefined] => {
      const s = settings[name];
      const reason = s.enabled ? undefined : String(s.reason ?? '').trim();
      return [
        `${name}.reason`,
        reason === undefined || reason.length >= MIN_DISABLED_REASON_LENGTH
          ? undefined
          : `is required when ${name} is turned off: say why, in at least ${MIN_DISABLED_REASON_LENGTH} characters (for example 'run centrally by the ICS security account 111122223333'); it is shown in the compliance evidence; got ${reason ? `'${reason}'` : 'none'}`,
      ];
    }),
  );
}
