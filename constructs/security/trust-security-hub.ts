import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';
import type { SecurityFindings } from './security-findings';

/** Props of `TrustSecurityHub`. */
export interface TrustSecurityHubProps {
  /**
   * Where HIGH and CRITICAL findings are routed (alarm topic and SIEM log group).
   *
   * @default - findings stay in Security Hub
   */
  readonly findings?: SecurityFindings;
  /**
   * Products whose findings are not routed from Security Hub, because they are routed at source
   * (GuardDuty findings reach Security Hub too; routing both would page twice).
   *
   * @default - every product's findings are routed
   */
  readonly excludeProductNames?: string[];
  /**
   * The CIS AWS Foundations Benchmark version.
   *
   * @default '3.0.0'
   */
  readonly cisVersion?: '1.4.0' | '3.0.0';
}

/**
 * Security Hub with consolidated control findings and two standards: AWS Foundational Security
 * Best Practices v1.0.0 and the CIS AWS Foundations Benchmark (v3.0.0 by default); HIGH and
 * CRITICAL active findings are routed by EventBridge to the alarm topic and the SIEM.
 *
 * Standards ARNs are built for the stack's region and partition. Security Hub's controls read
 * AWS Config, so keep the Config recorder on (here or centrally).
 */
export class TrustSecurityHub extends Construct {
  /** The hub. */
  public readonly hub: securityhub.CfnHub;
  /** The enabled standards, by construct id. */
  public readonly standards: securityhub.CfnStandard[];
  /** The rule routing HIGH and CRITICAL findings, when `findings` is given. */
  public readonly findingsRule?: events.Rule;

  constructor(scope: Construct, id: string, props: TrustSecurityHubProps = {}) {
    super(scope, id);
    this.hub = new securityhub.CfnHub(this, 'Resource', {
      // Standards are chosen below, explicitly, so the set does not change when AWS changes its defaults.
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    const standardArn = (name: string) =>
      Stack.of(this).formatArn({ service: 'securityhub', account: '', resource: 'standards', resourceName: name });
    this.standards = [
      new securityhub.CfnStandard(this, 'FoundationalSecurityBestPractices', {
        standardsArn: standardArn('aws-foundational-security-best-practices/v/1.0.0'),
      }),
      new securityhub.CfnStandard(this, 'CisFoundationsBenchmark', {
        standardsArn: standardArn(`cis-aws-foundations-benchmark/v/${props.cisVersion ?? '3.0.0'}`),
      }),
    ];
    for (const standard of this.standards) standard.addResourceDependency(this.hub);

    if (props.findings) {
      const exclude = props.excludeProductNames ?? [];
      this.findingsRule = new events.Rule(this, 'HighSeverityFindings', {
        description: 'Security Hub HIGH and CRITICAL active findings to the alarm topic and the SIEM',
        eventPattern: {
          source: ['aws.securityhub'],
          detailType: ['Security Hub Findings - Imported'],
          detail: {
            findings: {
              Severity: { Label: ['HIGH', 'CRITICAL'] },
              RecordState: ['ACTIVE'],
              Workflow: { Status: ['NEW'] },
              ...(exclude.length ? { ProductName: events.Match.anythingBut(...exclude) } : {}),
            },
          },
        },
        targets: props.findings.targets,
      });
      this.findingsRule.node.addDependency(this.hub);
    }
  }
}
