import * as path from 'path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { loadTrustFile } from '../../../lib/config/loader';
import { TAG_ENVIRONMENT, TAG_ODS_CODE, TAG_VERSION, TrustStack } from '../../../lib/trust-stack';
import { ROOTSTOCK_VERSION } from '../../../lib/version';

type Resource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

describe('TrustStack built from trusts/example.yaml', () => {
  let stack: TrustStack;
  let template: Template;
  let resources: Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  // The logical id in the template: resolves overrides (keepReleasedLogicalIds), which stack.getLogicalId ignores.
  const logicalIdOf = (c: IConstruct) => stack.resolve((c.node.defaultChild as CfnElement).logicalId) as string;

  beforeAll(() => {
    // GIVEN the example trust config WHEN its stack is built
    const { config } = loadTrustFile(path.join(__dirname, '..', '..', '..', 'trusts', 'example.yaml'));
    stack = new TrustStack(new App(), 'Example', { trust: config });
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources;
  });

  test('has the logs, data and backup keys, rotating; every key, asymmetric signing keys included, is retained', () => {
    const keys = ofType('AWS::KMS::Key');
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const [, key] of keys) {
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.UpdateReplacePolicy).toBe('Retain');
    }
    const isSymmetric = (key: Resource) => (key.Properties?.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT';
    const symmetric = keys.filter(([, k]) => isSymmetric(k));
    expect(symmetric.map(([id]) => id)).toEqual(expect.arrayContaining([stack.keys.logsKey, stack.keys.dataKey, stack.keys.backupKey].map(logicalIdOf)));
    for (const [, key] of symmetric) expect(key.Properties?.EnableKeyRotation).toBe(true);
    // KMS cannot rotate asymmetric keys: the only ones are the identity token-signing keys.
    const asymmetric = keys.filter(([, k]) => !isSymmetric(k));
    expect(asymmetric.map(([id]) => id).sort()).toEqual(stack.identity!.signingKeys.map(logicalIdOf).sort());
    for (const [, key] of asymmetric) expect(key.Properties).toEqual(expect.objectContaining({ KeySpec: expect.stringMatching(/^RSA_/), KeyUsage: 'SIGN_VERIFY' }));
    for (const purpose of ['logs', 'data', 'backup']) template.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/rootstock/RXX/prod/${purpose}` });
  });

  test('locks the audit archive in COMPLIANCE mode for at least 8 years', () => {
    const archives = ofType('AWS::S3::Bucket').filter(([, b]) => b.Properties?.ObjectLockEnabled === true);
    expect(archives).toHaveLength(1);
    const [, archive] = archives[0];
    const rule = (archive.Properties?.ObjectLockConfiguration as { Rule: { DefaultRetention: { Mode: string; Days: number } } }).Rule.DefaultRetention;
    expect(rule.Mode).toBe('COMPLIANCE');
    expect(rule.Days).toBeGreaterThanOrEqual(2922);
    expect(archive.DeletionPolicy).toBe('Retain');
  });

  test('runs a multi-region trail with log file validation and KMS, delivering to CloudWatch Logs', () => {
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysLogsKey'), 'Arn'] },
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TrailLogGroup'), 'Arn'] },
      S3BucketName: { Ref: Match.stringLikeRegexp('^AuditArchiveBucket') },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 400, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysLogsKey'), 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
  });

  test('has at least 14 metric filters, each with an alarm wired to the encrypted topic', () => {
    const topics = ofType('AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    const [topicId, topic] = topics[0];
    expect(topic.Properties?.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^KeysLogsKey/), 'Arn'] });
    const filters = ofType('AWS::Logs::MetricFilter');
    expect(filters.length).toBeGreaterThanOrEqual(14);
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as { MetricName: string; Namespace: string; AlarmActions: unknown[] });
    for (const [, filter] of filters) {
      const { MetricName, MetricNamespace } = (filter.Properties?.MetricTransformations as Array<{ MetricName: string; MetricNamespace: string }>)[0];
      const alarm = alarms.find((a) => a.MetricName === MetricName && a.Namespace === MetricNamespace);
      expect(alarm?.AlarmActions).toEqual([{ Ref: topicId }]);
    }
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.nhs.uk', TopicArn: { Ref: topicId } });
  });

  test('logs all VPC traffic to the archive', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditArchiveBucket'), 'Arn'] }, '/vpc-flow-logs/']] },
    });
  });

  test('lets CloudTrail and VPC flow log delivery write to the archive', () => {
    const policies = ofType('AWS::S3::BucketPolicy').filter(([, p]) => JSON.stringify(p.Properties?.Bucket).includes('AuditArchiveBucket'));
    expect(policies).toHaveLength(1);
    const services = JSON.stringify((policies[0][1].Properties?.PolicyDocument as { Statement: unknown[] }).Statement);
    expect(services).toContain('cloudtrail.amazonaws.com');
    expect(services).toContain('delivery.logs.amazonaws.com');
  });

  test('has a locked backup vault encrypted with the backup key', () => {
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: {
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysBackupKey'), 'Arn'] },
        LockConfiguration: { MinRetentionDays: Match.anyValue() },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('carries the version, ODS code and environment tags and the version parameter', () => {
    const tagged = ofType('AWS::S3::Bucket').concat(ofType('AWS::KMS::Key'), ofType('AWS::EC2::VPC'));
    for (const [, r] of tagged) {
      expect(r.Properties?.Tags).toEqual(expect.arrayContaining([
        { Key: TAG_VERSION, Value: ROOTSTOCK_VERSION },
        { Key: TAG_ODS_CODE, Value: 'RXX' },
        { Key: TAG_ENVIRONMENT, Value: 'prod' },
      ]));
    }
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/rootstock/RXX/prod/version', Value: ROOTSTOCK_VERSION });
  });

  test('has zero Custom:: resources, and Lambda functions only for sign-in and the FHIR gateway, all in the private subnets', () => {
    expect(Object.values(resources).filter((r) => r.Type.startsWith('Custom::') || r.Type.startsWith('AWS::CloudFormation::CustomResource'))).toEqual([]);
    // Exactly the identity proxy and JWKS functions and the FHIR authoriser and proxy (example.yaml
    // has identity and fhir sections): no LogRetention or custom-resource provider functions.
    const functions = ofType('AWS::Lambda::Function');
    const expected = [stack.identity!.proxyFunction, stack.identity!.jwksFunction, stack.fhir!.authoriserFunction, stack.fhir!.proxyFunction].map(logicalIdOf);
    expect(functions.map(([id]) => id).sort()).toEqual(expected.sort());
    const privateSubnets = stack.resolve(stack.network.vpc.privateSubnets.map((s) => s.subnetId));
    expect(privateSubnets).toHaveLength(2);
    for (const [, fn] of functions) {
      expect(fn.Properties?.Handler).toBe('index.handler');
      const vpcConfig = fn.Properties?.VpcConfig as { SubnetIds: unknown[]; SecurityGroupIds: unknown[] };
      expect(vpcConfig.SubnetIds).toEqual(privateSubnets);
      expect(vpcConfig.SecurityGroupIds.length).toBeGreaterThanOrEqual(1);
    }
  });

  test('exposes the foundations for other features to wire to', () => {
    expect(stack.keys.dataKey).toBeDefined();
    expect(stack.archive.bucket).toBeDefined();
    expect(stack.trail.logGroup).toBeDefined();
    expect(stack.alarms.topic).toBeDefined();
    expect(stack.network.vpc.isolatedSubnets).toHaveLength(2);
    expect(stack.backup.vault).toBeDefined();
  });

  test('uses one NAT gateway outside production', () => {
    const dev = new TrustStack(new App(), 'Dev', { trust: { odsCode: 'RH8', name: 'Dev Trust', environment: 'dev' } });
    Template.fromStack(dev).resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
  });
});
