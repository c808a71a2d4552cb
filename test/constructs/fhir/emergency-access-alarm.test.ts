import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AuditedFhirStore, type AuditedFhirStoreProps } from '../../../constructs/fhir';
import { ENV, authoriserConfigFromEnv, proxyConfigFromEnv } from '../../../constructs/fhir/runtime/env';
import type { EmergencyAccess } from '../../../constructs/fhir/runtime/emergency-access';
import { loadTrustDir } from '../../../lib/config/loader';
import { TrustStack } from '../../../lib/trust-stack';

const EMERGENCY: EmergencyAccess = { roles: ['R8000'], grant: { '*': ['read', 'vread', 'search-type'] }, windowMinutes: 20 };

type Resources = Record<string, { Properties: Record<string, unknown> }>;

// GIVEN an audited FHIR store with the trust's alarm topic, with or without emergency access
function build(extra: Partial<AuditedFhirStoreProps>) {
  const stack = new Stack(new App(), 'Trust', { env: { account: '111122223333', region: 'eu-west-2' } });
  const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
  const topic = new sns.Topic(stack, 'Alarms', { masterKey: logsKey });
  const fhir = new AuditedFhirStore(stack, 'Fhir', {
    odsCode: 'RXX', environment: 'prod', dataKey: new kms.Key(stack, 'DataKey', { enableKeyRotation: true }), logsKey,
    archiveBucket: new s3.Bucket(stack, 'Archive', { objectLockEnabled: true, encryptionKey: logsKey }),
    alarmTopic: topic,
    tokenIssuer: { issuer: 'https://issuer.example.nhs.uk', audience: 'app', roleClaim: 'cis2' },
    rolePolicy: { R8000: { Patient: ['read'] }, R8008: { Patient: ['read'] } },
    storeLock: 'unreleased',
    ...extra,
  });
  return { stack, fhir, topic, template: Template.fromStack(stack) };
}

const emergencyFilters = (template: Template) => Object.values(template.findResources('AWS::Logs::MetricFilter') as Resources).filter((f) => JSON.stringify(f).includes('purposeOfEvent'));
const emergencyAlarms = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).filter((a) => a.Properties.MetricName === 'EmergencyAccessEvents');

describe('emergency access alarm', () => {
  test('a metric filter on the audit log group counts emergency AuditEvents, and an alarm with threshold 1 notifies the security topic at once', () => {
    const { stack, fhir, topic, template } = build({ emergencyAccess: EMERGENCY });
    // THEN one filter, on the audit log group (the AuditEvents themselves), reading the purpose every emergency event carries
    const filters = emergencyFilters(template);
    expect(filters).toHaveLength(1);
    expect(filters[0].Properties).toEqual({
      LogGroupName: stack.resolve(fhir.auditLogGroup.logGroupName),
      FilterPattern: '{ $.purposeOfEvent[0].text = "*" }',
      MetricTransformations: [{ MetricNamespace: 'Rootstock/FhirGateway', MetricName: 'EmergencyAccessEvents', MetricValue: '1' }],
    });
    // AND one alarm on that metric: the first event in a minute, straight to the topic handed to the store
    const alarms = emergencyAlarms(template);
    expect(alarms).toHaveLength(1);
    expect(alarms[0].Properties).toMatchObject({
      Namespace: 'Rootstock/FhirGateway', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }],
    });
    expect(stack.getLogicalId(fhir.gateway.emergencyAccessAlarm!.node.defaultChild as cdk.CfnResource)).toMatch(/^FhirGatewayEmergencyAccessAlarm/);
  });

  test('both functions carry the configuration, and read it back exactly', () => {
    const { template } = build({ emergencyAccess: EMERGENCY });
    const fns = Object.values(template.findResources('AWS::Lambda::Function') as Resources);
    expect(fns).toHaveLength(2);
    for (const fn of fns) {
      const env = (fn.Properties.Environment as { Variables: Record<string, string> }).Variables;
      expect(JSON.parse(env[ENV.emergencyAccess])).toEqual(EMERGENCY);
      const withRuntime = { ...env, AWS_REGION: 'eu-west-2', [ENV.endpoint]: 'https://healthlake.eu-west-2.amazonaws.com/datastore/x/r4/', [ENV.issuer]: 'https://issuer.example.nhs.uk', [ENV.audience]: 'app', [ENV.jwksUri]: 'https://issuer.example.nhs.uk/jwks', [ENV.algorithms]: 'RS256', [ENV.roleClaim]: 'cis2', [ENV.auditLogGroup]: 'audit' };
      expect(authoriserConfigFromEnv(withRuntime).emergencyAccess).toEqual(EMERGENCY);
      expect(proxyConfigFromEnv(withRuntime).emergencyAccess).toEqual(EMERGENCY);
    }
  });

  test('without emergency access nothing is added: no emergency filter, alarm or environment variable', () => {
    const { fhir, template } = build({});
    expect({ filters: emergencyFilters(template).length, alarms: emergencyAlarms(template).length, alarm: fhir.gateway.emergencyAccessAlarm }).toEqual({ filters: 0, alarms: 0, alarm: undefined });
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function') as Resources)) {
      expect(Object.keys((fn.Properties.Environment as { Variables: Record<string, string> }).Variables)).not.toContain(ENV.emergencyAccess);
    }
  });

  test('fails when the emergency access configuration is invalid, naming each field', () => {
    expect(() => build({ emergencyAccess: { roles: ['R9999'], grant: { Condition: ['read', 'delete'] }, windowMinutes: 240, reasonCodes: ['TREAT' as 'BTG'] } })).toThrow(
      /'emergencyAccess\.roles\.0' must be a role of rolePolicy \(R8000, R8008\), got 'R9999'.*'emergencyAccess\.grant\.Condition' must not grant delete.*'emergencyAccess\.windowMinutes' must be a whole number of minutes from 1 to 60.*got 240.*'emergencyAccess\.reasonCodes\.0' must be one of ETREAT, BTG, ERTREAT/,
    );
  });

  test("in a trust stack, the alarm notifies the trust's security topic (the alarm topic handed to AuditedFhirStore)", () => {
    // GIVEN the example trust with emergency access for its clinicians
    const [example] = loadTrustDir(path.join(__dirname, '../../../trusts')).filter((t) => t.config.odsCode === 'RXX');
    const fhir = { ...example.config.fhir!, emergencyAccess: { roles: ['R8000'], grant: { '*': ['read' as const, 'search-type' as const] } } };
    const stack = new TrustStack(new App(), 'Rootstock-RXX-prod', { trust: { ...example.config, fhir } });
    // THEN the emergency alarm's only action is the trust's alarm topic
    const alarms = emergencyAlarms(Template.fromStack(stack));
    expect(alarms.map((a) => a.Properties.AlarmActions)).toEqual([[stack.resolve(stack.alarms.topic.topicArn)]]);
  });
});
