import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { logRetentionAtLeast } from '../core/checks';
import { DEFAULT_LOG_RETENTION_DAYS } from '../core/operational-props';

/** Props of {@link GatewayWebAcl}. */
export interface GatewayWebAclProps {
  /** The web ACL's name; its log group is `aws-waf-logs-<name>`. */
  readonly name: string;
  /** Encrypts the WAF log group. */
  readonly logsKey: kms.IKey;
  /**
   * Days the WAF log group is kept.
   *
   * @default 400
   */
  readonly logRetentionDays?: number;
  /**
   * Requests per 5 minutes one client IP may make before it is blocked.
   *
   * @default 1000
   */
  readonly rateLimitPerIp?: number;
}

/**
 * A regional WAFv2 web ACL for an API: AWS managed IP reputation, common (body size rule counted
 * only, since FHIR bodies exceed 8 KB) and known-bad-inputs rule groups, and a per-IP rate limit;
 * logged to an encrypted, retained log group with bearer tokens redacted.
 */
export class GatewayWebAcl extends Construct {
  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** The WAF log group. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: GatewayWebAclProps) {
    super(scope, id);
    const managed = (priority: number, ruleName: string, overrides: string[] = []): wafv2.CfnWebACL.RuleProperty => ({
      name: ruleName,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: ruleName,
          ...(overrides.length ? { ruleActionOverrides: overrides.map((o) => ({ name: o, actionToUse: { count: {} } })) } : {}),
        },
      },
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: ruleName },
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: props.name },
      rules: [
        managed(0, 'AWSManagedRulesAmazonIpReputationList'),
        managed(1, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
        managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
        {
          name: 'RateLimitPerIp',
          priority: 3,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.rateLimitPerIp ?? 1000, aggregateKeyType: 'IP' } },
          visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'RateLimitPerIp' },
        },
      ],
    });
    // WAF logs go to a log group whose name must start with aws-waf-logs-; bearer tokens are redacted.
    const logGroupName = `aws-waf-logs-${props.name}`;
    const retention = (logRetentionAtLeast(props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS) ?? logs.RetentionDays.INFINITE) as logs.RetentionDays;
    this.logGroup = new logs.LogGroup(this, 'WebAclLog', { logGroupName, encryptionKey: props.logsKey, retention, removalPolicy: RemovalPolicy.RETAIN });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
    });
    logging.node.addDependency(this.logGroup);
  }

  /** The web ACL's ARN. */
  public get arn(): string {
    return this.webAcl.attrArn;
  }
}
