import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AuditedFhirStore } from '../../../constructs/fhir';
import { LAMBDA_NETWORK_INTERFACE_ACTIONS } from '../../../constructs/fhir/gateway-function';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

// GIVEN a store whose gateway runs in a VPC, with the trust's alarm topic and access logs bucket
function build() {
  const app = new App();
  const stack = new Stack(app, 'Trust', { env: { account: '111122223333', region: 'eu-west-2' } });
  const dataKey = new kms.Key(stack, 'DataKey', { enableKeyRotation: true });
  const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
  const fhir = new AuditedFhirStore(stack, 'Fhir', {
    odsCode: 'RXX', environment: 'prod', dataKey, logsKey,
    archiveBucket: new s3.Bucket(stack, 'Archive', { objectLockEnabled: true, encryptionKey: logsKey }),
    accessLogsBucket: new s3.Bucket(stack, 'AccessLogs'),
    alarmTopic: new sns.Topic(stack, 'Alarms', { masterKey: logsKey }),
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
    tokenIssuer: { issuer: 'https://issuer.example.nhs.uk', audience: 'app', roleClaim: 'cis2' },
    rolePolicy: { R8000: { Patient: ['read'] } },
    allowedOrganisations: ['RHA'],
    exportRetentionDays: 60,
    exportSchedule: 'cron(30 1 * * ? *)',
    storeLock: 'unreleased',
  });
  return { stack, fhir, template: Template.fromStack(stack) };
}

const { stack, fhir, template } = build();
const id = (c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as { logicalId: string }).logicalId) as string;
const policyOf = (logicalIdPrefix: string): Statement[] => {
  const [policy] = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).filter(([k]) => k.startsWith(logicalIdPrefix));
  return policy[1].Properties.PolicyDocument.Statement as Statement[];
};

describe('gateway function permissions', () => {
  test('no function role carries an AWS managed policy (no AWSLambdaVPCAccessExecutionRole and its logs:* on every log group)', () => {
    for (const r of Object.values(template.findResources('AWS::IAM::Role'))) expect(r.Properties.ManagedPolicyArns ?? []).toEqual([]);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('in a VPC, each function has a network policy of the ENI actions only, and is created after it', () => {
    for (const fn of [fhir.authoriserFunction, fhir.proxyFunction]) {
      const prefix = id(fn).replace(/[0-9A-F]{8}$/, '');
      expect(policyOf(`${prefix}NetworkPolicy`)).toEqual([{ Sid: 'LambdaNetworkInterfaces', Effect: 'Allow', Action: [...LAMBDA_NETWORK_INTERFACE_ACTIONS], Resource: '*' }]);
      const dependsOn = template.findResources('AWS::Lambda::Function')[id(fn)].DependsOn as string[];
      expect(dependsOn.some((d) => d.startsWith(`${prefix}NetworkPolicy`))).toBe(true);
    }
  });

  test('logs are written only to the function\'s own log group and the audit log group', () => {
    for (const name of ['FhirAuthoriserPolicy', 'FhirProxyPolicy']) {
      const logs = policyOf(name).filter((s) => [s.Action].flat().some((a) => a.startsWith('logs:')));
      expect(logs).toHaveLength(1);
      expect((logs[0].Resource as unknown[]).length).toBe(2);
      expect(JSON.stringify(logs[0].Resource)).toContain('FhirAuditLog');
      expect(JSON.stringify(logs)).not.toContain('"*"');
    }
  });

  test('kms:Decrypt of the environment is only through Lambda, for the function\'s own ARN', () => {
    for (const [name, fn] of [['FhirAuthoriserPolicy', fhir.authoriserFunction], ['FhirProxyPolicy', fhir.proxyFunction]] as const) {
      const decrypt = policyOf(name).find((s) => s.Sid === 'DecryptEnvironment')!;
      expect(decrypt.Condition).toEqual({
        StringEquals: { 'kms:ViaService': 'lambda.eu-west-2.amazonaws.com' },
        ArnEquals: { 'kms:EncryptionContext:aws:lambda:FunctionArn': { 'Fn::GetAtt': [id(fn), 'Arn'] } },
      });
    }
  });

  test('the proxy uses the data key only through HealthLake, and the store adds nothing to the data key\'s policy', () => {
    const kmsStatements = policyOf('FhirProxyPolicy').filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')) && s.Sid !== 'DecryptEnvironment');
    expect(kmsStatements).toHaveLength(1);
    expect(kmsStatements[0].Condition).toEqual({ StringEquals: { 'kms:ViaService': 'healthlake.eu-west-2.amazonaws.com' } });
    const keyPolicy = Object.entries(template.findResources('AWS::KMS::Key')).find(([k]) => k.startsWith('DataKey'))![1].Properties.KeyPolicy.Statement as Statement[];
    expect(JSON.stringify(keyPolicy)).not.toContain('healthlake');
  });

  test('the allowed organisations reach both handlers', () => {
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables.FHIR_ALLOWED_ORGANISATIONS).toBe('RHA');
    }
  });
});

describe('fail-closed alarm', () => {
  test('failed audit writes logged by either function raise an alarm on the trust\'s security topic', () => {
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter'));
    expect(filters.map((f) => f.Properties.FilterPattern)).toEqual(['{ $.auditWriteFailed IS TRUE }', '{ $.auditWriteFailed IS TRUE }']);
    expect(filters.map((f) => f.Properties.LogGroupName).sort()).toEqual([fhir.gateway.authoriser.logGroup, fhir.gateway.proxy.logGroup].map((g) => stack.resolve(g.logGroupName)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'AuditWriteFailures', Namespace: 'Rootstock/FhirGateway', Threshold: 1, Period: 60,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
    });
  });
});

describe('scheduled export of the store (HealthLake has no AWS Backup)', () => {
  test('exports land in a retained bucket locked in COMPLIANCE mode for the configured days, encrypted with the data key', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 60 } } },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] } } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogs') }, LogFilePrefix: 'fhir-export/' },
      }),
    });
  });

  test('EventBridge Scheduler calls StartFHIRExportJob directly (universal target, no Lambda) on the configured schedule', () => {
    const [schedule] = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedule.Properties.ScheduleExpression).toBe('cron(30 1 * * ? *)');
    expect(schedule.Properties.ScheduleExpressionTimezone).toBe('Europe/London');
    expect(schedule.Properties.Target.Arn).toBe('arn:aws:scheduler:::aws-sdk:healthlake:startFHIRExportJob');
    const input = JSON.stringify(schedule.Properties.Target.Input);
    for (const part of ['DatastoreId', 'DataAccessRoleArn', 'S3Configuration', 'exports/', 'KmsKeyId', 'DataKey', '<aws.scheduler.execution-id>']) expect(input).toContain(part);
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(2);
  });

  test('HealthLake may assume the export role only for this store, and the schedule may pass only that role to HealthLake', () => {
    const roles = Object.entries(template.findResources('AWS::IAM::Role'));
    const exportRole = roles.find(([k]) => k.startsWith('FhirExportExportRole'))![1];
    expect(exportRole.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111122223333' },
      ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [stack.resolve(fhir.store.logicalId), 'DatastoreArn'] } },
    });
    const pass = policyOf('FhirExportSchedulePolicy').find((s) => s.Sid === 'PassExportRole')!;
    expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'healthlake.amazonaws.com' } });
    expect(pass.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^FhirExportExportRole/), 'Arn'] });
    const write = policyOf('FhirExportExportPolicy').find((s) => s.Sid === 'WriteExports')!;
    expect(write.Action).toBe('s3:PutObject');
  });

  test('a failed export start alarms on the security topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'errors + dropped' })]),
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
    });
  });
});
