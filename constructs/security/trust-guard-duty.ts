import * as events from 'aws-cdk-lib/aws-events';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import { Construct } from 'constructs';
import { DesignFindings } from '../core/design-findings';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import type { SecurityFindings } from './security-findings';

/** How often GuardDuty publishes updates to existing findings. */
export type FindingPublishingFrequency = 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';

/** Props of `TrustGuardDuty`. */
export interface TrustGuardDutyProps {
  /**
   * Where findings at or above `minimumSeverity` are routed (alarm topic and SIEM log group).
   *
   * @default - findings stay in GuardDuty (and Security Hub, when on)
   */
  readonly findings?: SecurityFindings;
  /**
   * The lowest GuardDuty severity routed to `findings` (GuardDuty: 7 and above is High, 9 and above Critical).
   *
   * @default 7
   */
  readonly minimumSeverity?: number;
  /**
   * Runtime Monitoring with automated agent management for EC2 and ECS Fargate. Off unless the
   * trust runs EC2 or containers: the agent adds VPC endpoints and a security group to each VPC.
   *
   * @default false
   */
  readonly runtimeMonitoring?: boolean;
  /**
   * How often updates to existing findings are published.
   *
   * @default 'FIFTEEN_MINUTES'
   */
  readonly findingPublishingFrequency?: FindingPublishingFrequency;
}

/** The GuardDuty protection plans every trust gets: they cost nothing where the stack has no such resources. */
export const GUARDDUTY_FEATURES = ['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'] as const;

/**
 * A GuardDuty detector with S3, malware (EBS), RDS login and Lambda network protection, and an
 * EventBridge rule routing findings of severity 7 (High) and above to the alarm topic and the SIEM.
 *
 * One detector exists per account and region: if the organisation enables GuardDuty centrally
 * (delegated administrator with auto-enable), turn this off in config with that reason.
 */
export class TrustGuardDuty extends Construct {
  /** The detector. */
  public readonly detector: guardduty.CfnDetector;
  /** The rule routing high-severity findings, when `findings` is given. */
  public readonly findingsRule?: events.Rule;

  constructor(scope: Construct, id: string, props: TrustGuardDutyProps = {}) {
    super(scope, id);
    throwIfProblems(`TrustGuardDuty ${this.node.path}`, trustGuardDutyProblems(props));
    const minimumSeverity = props.minimumSeverity ?? 7;
    const features: guardduty.CfnDetector.CFNFeatureConfigurationProperty[] = GUARDDUTY_FEATURES.map((name) => ({ name, status: 'ENABLED' }));
    if (props.runtimeMonitoring) {
      features.push({
        name: 'RUNTIME_MONITORING',
        status: 'ENABLED',
        additionalConfiguration: [
          { name: 'EC2_AGENT_MANAGEMENT', status: 'ENABLED' },
          { name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' },
        ],
      });
    }
    this.detector = new guardduty.CfnDetector(this, 'Resource', {
      enable: true,
      findingPublishingFrequency: props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
      features,
    });
    DesignFindings.of(this.detector).add(
      'cdk-validator-cfnguard::guardduty_s3_protection_enabled_check',
      'S3 protection is on through the GuardDuty Features API (S3_DATA_EVENTS), which replaced DataSources; the control reads only DataSources, and AWS refuses both in one detector.',
    );

    if (props.findings) {
      this.findingsRule = new events.Rule(this, 'HighSeverityFindings', {
        description: `GuardDuty findings of severity ${minimumSeverity} and above to the alarm topic and the SIEM`,
        eventPattern: {
          source: ['aws.guardduty'],
          detailType: ['GuardDuty Finding'],
          detail: { severity: events.Match.greaterThanOrEqual(minimumSeverity) },
        },
        targets: props.findings.targets,
      });
    }
  }
}

/** What is wrong with a {@link TrustGuardDuty}'s props (empty when nothing is). */
export function trustGuardDutyProblems(props: Pick<TrustGuardDutyProps, 'minimumSeverity'>): PropsProblem[] {
  const severity = props.minimumSeverity ?? 7;
  return severity >= 1 && severity <= 10 ? [] : [{ field: 'minimumSeverity', message: `must be from 1 to 10 (7 is High, 9 Critical); got ${severity}` }];
}
