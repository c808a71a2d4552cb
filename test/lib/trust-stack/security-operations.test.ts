import { App, SecretValue, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as fs from 'fs';
import * as path from 'path';
import { loadTrustFile, parseTrustConfig } from '../../../lib/config/loader';
import { TrustStack } from '../../../lib/trust-stack';
import { unacknowledgedFindings } from '../../../policies/acknowledge';
import { NhsTrustChecks } from '../../../policies/nhs-trust-checks';

/** NHS pack findings on the security operations constructs of a trust stack, acknowledged or not. */
function nhsFindings(stack: Stack): string[] {
  const report = new NhsTrustChecks().validateScope(stack);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)).filter((f) => / Trust\/(Siem|SecurityServices)\//.test(f));
}

const HEC_TOKEN = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const base = 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\naccount: "111122223333"\n';

/**
 * A trust stack built from YAML: TrustStack wires security operations itself (ids
 * 'SecurityServices' and 'Siem') onto its own foundations (logs key, archive, alarm topic, trail).
 */
function trustFromYaml(yaml: string, text = `${base}${yaml}`) {
  const config = parseTrustConfig(text, 'trusts/rxx.yaml');
  const app = new App({ builtinCloudFormationValidation: false });
  // The operator's secret, created outside the trust stack.
  const secrets = new Stack(app, 'Secrets', { env: { account: '111122223333', region: 'eu-west-2' } });
  new secretsmanager.Secret(secrets, 'HecToken', { secretName: 'rootstock/siem/hec-token', secretStringValue: SecretValue.unsafePlainText(HEC_TOKEN) });
  const stack = new TrustStack(app, 'Trust', { trust: config });
  return { stack, ops: stack.securityOperations, template: Template.fromStack(stack) };
}

describe('TrustStack security operations from trust config', () => {
  describe('siem.destination: splunk', () => {
    let t: ReturnType<typeof trustFromYaml>;
    beforeAll(() => {
      t = trustFromYaml('siem:\n  destination: splunk\n  endpoint: https://http-inputs-firehose-nhs.splunkcloud.com\n  secretName: rootstock/siem/hec-token\n');
    });

    test('defines the security services and the SIEM forwarder under their stable ids', () => {
      expect(t.stack.node.findChild('SecurityServices')).toBe(t.ops.securityServices);
      expect(t.stack.node.findChild('Siem')).toBe(t.ops.siem);
    });

    test('subscribes the trail and findings log groups (the ones the stack has) and says which it skipped', () => {
      t.template.resourceCountIs('AWS::Logs::SubscriptionFilter', 2);
      expect(Object.keys(t.ops.siem!.subscriptions).sort()).toEqual(['findings', 'trail']);
      const logGroupOf = (logicalIdPrefix: string) =>
        Object.keys(t.template.findResources('AWS::Logs::LogGroup')).find((id) => id.startsWith(logicalIdPrefix));
      const trailGroup = logGroupOf('Trail');
      expect(trailGroup).toBeDefined();
      t.template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: { Ref: trailGroup } });
      // By default every group the stack has is forwarded, silently: no annotation for the CLI to print as a finding.
      expect(Annotations.fromStack(t.stack).findInfo('*', Match.anyValue())).toEqual([]);
    });

    test('synthesises the Firehose stream with the Splunk destination and the backup bucket', () => {
      t.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        SplunkDestinationConfiguration: Match.objectLike({
          HECEndpoint: 'https://http-inputs-firehose-nhs.splunkcloud.com',
          SecretsManagerConfiguration: Match.objectLike({ Enabled: true }),
          S3BackupMode: 'FailedEventsOnly',
        }),
      });
    });

    test('has no token anywhere in the trust template', () => {
      const json = JSON.stringify(t.template.toJSON());
      expect(json).not.toContain(HEC_TOKEN);
      expect(json).not.toMatch(/HECToken/i);
    });

    test('has GuardDuty, Security Hub with both standards and the Config recorder', () => {
      t.template.resourceCountIs('AWS::GuardDuty::Detector', 1);
      t.template.resourceCountIs('AWS::SecurityHub::Standard', 2);
      t.template.resourceCountIs('AWS::Config::ConfigurationRecorder', 1);
      t.template.resourceCountIs('AWS::Config::DeliveryChannel', 1);
    });

    test('passes the NHS pack: no finding at all on security operations, none unacknowledged in the stack', () => {
      expect(nhsFindings(t.stack)).toEqual([]);
      expect(unacknowledgedFindings(t.stack, [new NhsTrustChecks()])).toEqual([]);
    });

    test('keeps the stack version metadata alongside the security services metadata', () => {
      const metadata = t.template.toJSON().Metadata;
      expect(metadata.Rootstock).toMatchObject({ odsCode: 'RXX' });
      expect(metadata.RootstockSecurityServices).toEqual({ guardDuty: { enabled: true }, securityHub: { enabled: true }, config: { enabled: true } });
    });
  });

  test('siem.destination: s3 delivers cross-account to the configured bucket', () => {
    const { template, stack, ops } = trustFromYaml('siem:\n  destination: s3\n  bucketArn: arn:aws:s3:::central-security-logs\n  logGroups: [trail]\n');
    expect(nhsFindings(stack)).toEqual([]);
    expect(Object.keys(ops.siem!.subscriptions)).toEqual(['trail']);
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 1);
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: Match.objectLike({ BucketARN: 'arn:aws:s3:::central-security-logs', Prefix: Match.stringLikeRegexp('^siem/111122223333/') }),
    });
  });

  test('siem.destination: none forwards nothing but keeps the security services', () => {
    const { template, ops, stack } = trustFromYaml('');
    expect(ops.siem).toBeUndefined();
    expect(stack.node.tryFindChild('Siem')).toBeUndefined();
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
  });

  test('a service turned off in config shows its reason in the template metadata', () => {
    const { template } = trustFromYaml('securityServices:\n  securityHub:\n    enabled: false\n    reason: Aggregated centrally by the ICS security account\n');
    template.resourceCountIs('AWS::SecurityHub::Hub', 0);
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    expect(template.toJSON().Metadata.RootstockSecurityServices.securityHub).toEqual({ enabled: false, reason: 'Aggregated centrally by the ICS security account' });
  });

  test('the example trust gets GuardDuty, Security Hub with both standards and the Config recorder', () => {
    const file = path.join(__dirname, '../../../trusts/example.yaml');
    const { config } = loadTrustFile(file);
    const { template, ops } = trustFromYaml('', fs.readFileSync(file, 'utf8'));
    expect(config.securityServices).toEqual({ guardDuty: { enabled: true }, securityHub: { enabled: true }, config: { enabled: true } });
    expect(ops.siem).toBeUndefined();
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    template.resourceCountIs('AWS::SecurityHub::Standard', 2);
    template.resourceCountIs('AWS::Config::ConfigurationRecorder', 1);
  });

  test('fails in config when a service is turned off without a reason', () => {
    expect(() => trustFromYaml('securityServices:\n  guardDuty:\n    enabled: false\n')).toThrow(/securityServices\.guardDuty\.reason: is required when guardDuty is turned off/);
  });

  test('fails in config on a log group the stack would not have, at the list entry, with the fix', () => {
    const yaml = 'siem:\n  destination: s3\n  bucketArn: arn:aws:s3:::central-security-logs\n  logGroups: [trail, flowLogs, fhirAudit]\n';
    expect(() => trustFromYaml(yaml)).toThrow(/trusts\/rxx\.yaml:8:\d+: siem\.logGroups\.1: is not a log group of a trust stack: VPC flow logs go to the audit archive \(vpc-flow-logs\/\); remove it; got 'flowLogs'\.\ntrusts\/rxx\.yaml:8:\d+: siem\.logGroups\.2: exists only with fhir\.enabled: true; remove it or enable the FHIR store; got 'fhirAudit'\./);
  });
});
