import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  DISABLED_SECURITY_SERVICE_METADATA,
  SECURITY_SERVICES_TEMPLATE_METADATA,
  SecurityServices,
  securityServicesProblems,
  type SecurityServicesProps,
} from '../../../constructs/security/security-services';

const ENV = { account: '111122223333', region: 'eu-west-2' };

function build(settings: Partial<SecurityServicesProps> = {}, validate = false) {
  const app = new App({ builtinCloudFormationValidation: validate });
  const stack = new Stack(app, 'Trust', { env: ENV });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  const archiveBucket = new s3.Bucket(stack, 'Archive', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, enforceSSL: true, versioned: true });
  const alarmTopic = new sns.Topic(stack, 'Alarms', { masterKey: key });
  const services = new SecurityServices(stack, 'SecurityServices', { logsKey: key, archiveBucket, alarmTopic, alarmTopicKey: key, ...settings });
  return { app, stack, services, template: Template.fromStack(stack) };
}

describe('SecurityServices', () => {
  describe('by default', () => {
    let t: ReturnType<typeof build>;
    beforeAll(() => {
      t = build({}, true);
    });

    test('turns GuardDuty on with S3, malware and Lambda protection, publishing every 15 minutes', () => {
      t.template.hasResourceProperties('AWS::GuardDuty::Detector', {
        Enable: true,
        FindingPublishingFrequency: 'FIFTEEN_MINUTES',
        Features: Match.arrayWith([
          { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
          { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
          { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
        ]),
      });
    });

    test('turns Security Hub on with FSBP and CIS standards for the stack region and partition', () => {
      t.template.hasResourceProperties('AWS::SecurityHub::Hub', { EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL' });
      t.template.resourceCountIs('AWS::SecurityHub::Standard', 2);
      for (const standard of ['aws-foundational-security-best-practices/v/1.0.0', 'cis-aws-foundations-benchmark/v/3.0.0']) {
        t.template.hasResource('AWS::SecurityHub::Standard', {
          Properties: { StandardsArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:securityhub:eu-west-2::standards/${standard}`]] } },
          DependsOn: [Match.stringLikeRegexp('^SecurityServicesSecurityHub')],
        });
      }
    });

    test('records every supported resource type, global types included, continuously', () => {
      t.template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
        RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
        RecordingMode: { RecordingFrequency: 'CONTINUOUS' },
        RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecurityServicesConfigRole'), 'Arn'] },
      });
      t.template.hasResourceProperties('AWS::IAM::Role', {
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole']] }],
      });
    });

    test('delivers configuration to the archive bucket, encrypted with its key, after the recorder and bucket policy exist', () => {
      const channel = t.template.findResources('AWS::Config::DeliveryChannel');
      const [resource] = Object.values(channel);
      expect(resource.Properties).toEqual({
        S3BucketName: { Ref: expect.stringMatching(/^Archive/) },
        S3KeyPrefix: 'config',
        S3KmsKeyArn: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
        ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
      });
      expect(resource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^SecurityServicesConfig[0-9A-F]{8}$/), expect.stringMatching(/^ArchivePolicy/)]));
    });

    test('gives the recorder role its delivery permissions in a customer-managed policy', () => {
      t.template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^SecurityServicesConfigRole') }],
        PolicyDocument: {
          Statement: [
            Match.objectLike({ Sid: 'CheckArchiveBucket', Action: ['s3:GetBucketAcl', 's3:ListBucket'] }),
            Match.objectLike({ Sid: 'DeliverToArchive', Action: 's3:PutObject', Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } }),
            Match.objectLike({ Sid: 'EncryptDeliveries', Action: ['kms:GenerateDataKey', 'kms:Decrypt'] }),
          ],
        },
      });
      t.template.resourceCountIs('AWS::IAM::Policy', 0);
    });

    test('gives AWS Config the archive bucket permissions it needs, only for this account', () => {
      t.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'AWSConfigBucketPermissionsCheck',
              Principal: { Service: 'config.amazonaws.com' },
              Action: 's3:GetBucketAcl',
              Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
            }),
            Match.objectLike({ Sid: 'AWSConfigBucketExistenceCheck', Action: 's3:ListBucket', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }),
            Match.objectLike({
              Sid: 'AWSConfigBucketDelivery',
              Action: 's3:PutObject',
              // The account pseudo parameter keeps the policy text identical in every account; it
              // resolves to the deploying account, and aws:SourceAccount pins the caller to it.
              Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Archive'), 'Arn'] }, '/config/AWSLogs/', { Ref: 'AWS::AccountId' }, '/Config/*']] },
              Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': '111122223333' } },
            }),
          ]),
        },
      });
    });

    test('routes GuardDuty findings of severity 7 and above to the alarm topic and the findings log group', () => {
      t.template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 7] }] } },
        Targets: [
          Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Alarms') } }),
          Match.objectLike({ Arn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':logs:eu-west-2:111122223333:log-group:')])] } }),
        ],
      });
    });

    test('routes new, active HIGH and CRITICAL Security Hub findings, leaving GuardDuty findings to their own rule', () => {
      t.template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.securityhub'],
          'detail-type': ['Security Hub Findings - Imported'],
          detail: {
            findings: {
              Severity: { Label: ['HIGH', 'CRITICAL'] },
              RecordState: ['ACTIVE'],
              Workflow: { Status: ['NEW'] },
              ProductName: [{ 'anything-but': ['GuardDuty'] }],
            },
          },
        },
        Targets: Match.arrayWith([Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Alarms') } })]),
      });
    });

    test('lets EventBridge publish to the encrypted alarm topic through SNS only', () => {
      t.template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            {
              Sid: 'AllowEventBridgeToEncryptedTopic',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
              Resource: '*',
              Condition: {
                StringEquals: { 'kms:ViaService': 'sns.eu-west-2.amazonaws.com', 'aws:SourceAccount': Match.anyValue() },
                ArnLike: { 'aws:SourceArn': Match.anyValue() },
              },
            },
          ]),
        },
      });
      // ...and no statement for events.amazonaws.com without those conditions.
      const keys = Object.values(t.template.findResources('AWS::KMS::Key')) as Array<{ Properties: { KeyPolicy: { Statement: Array<{ Principal?: { Service?: string }; Condition?: object }> } } }>;
      for (const k of keys) for (const st of k.Properties.KeyPolicy.Statement) if (st.Principal?.Service === 'events.amazonaws.com') expect(st.Condition).toHaveProperty('ArnLike');
    });

    test('lets EventBridge write findings to a KMS-encrypted, retained log group through a native resource policy', () => {
      t.template.hasResource('AWS::Logs::LogGroup', {
        Properties: { KmsKeyId: Match.anyValue(), RetentionInDays: 400 },
        DeletionPolicy: 'Retain',
      });
      const [policy] = Object.values(t.template.findResources('AWS::Logs::ResourcePolicy'));
      const document = JSON.parse(JSON.stringify(t.stack.resolve(policy.Properties.PolicyDocument)));
      expect(JSON.stringify(document)).toContain('events.amazonaws.com');
      t.template.resourceCountIs('AWS::Lambda::Function', 0);
    });

    test('records every service as on in the template metadata', () => {
      expect(t.template.toJSON().Metadata[SECURITY_SERVICES_TEMPLATE_METADATA]).toEqual({
        guardDuty: { enabled: true },
        securityHub: { enabled: true },
        config: { enabled: true },
      });
    });
  });

  describe('with GuardDuty turned off for a stated reason', () => {
    const reason = 'Run centrally by the ICS security account 999999999999 (delegated administrator)';
    let t: ReturnType<typeof build>;
    beforeAll(() => {
      t = build({ guardDuty: { enabled: false, reason } });
    });

    test('defines no detector and routes GuardDuty findings through Security Hub', () => {
      t.template.resourceCountIs('AWS::GuardDuty::Detector', 0);
      t.template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: ['aws.securityhub'], detail: { findings: Match.objectLike({ ProductName: Match.absent() }) } },
      });
    });

    test('records the reason in the template metadata and the cloud assembly', () => {
      expect(t.template.toJSON().Metadata[SECURITY_SERVICES_TEMPLATE_METADATA].guardDuty).toEqual({ enabled: false, reason });
      const artifact = t.app.synth().getStackByName('Trust');
      const entries = artifact.findMetadataByType(DISABLED_SECURITY_SERVICE_METADATA);
      expect(entries).toEqual([expect.objectContaining({ path: '/Trust/SecurityServices', data: { service: 'guardDuty', reason } })]);
    });
  });

  test('turns Security Hub and Config off with reasons', () => {
    const { template } = build({
      securityHub: { enabled: false, reason: 'Aggregated centrally in the ICS audit account' },
      config: { enabled: false, reason: 'Recorded by the organisation Config aggregator' },
    });
    template.resourceCountIs('AWS::SecurityHub::Hub', 0);
    template.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    expect(template.toJSON().Metadata[SECURITY_SERVICES_TEMPLATE_METADATA].config).toEqual({ enabled: false, reason: 'Recorded by the organisation Config aggregator' });
  });

  test('fails on a service turned off without a reason an assessor can read, naming each one', () => {
    // GIVEN two services off, one with a blank reason and one with a reason too short to say anything
    const props = { config: { enabled: false, reason: ' ' }, guardDuty: { enabled: false, reason: 'central' } } as const;
    // THEN the pure problem function and the construct agree, field by field
    expect(securityServicesProblems(props).map((p) => p.field)).toEqual(['guardDuty.reason', 'config.reason']);
    expect(() => build(props)).toThrow(/SecurityServices Trust\/SecurityServices: 'guardDuty\.reason' is required when guardDuty is turned off: say why, in at least 10 characters .*; got 'central'; 'config\.reason' is required when config is turned off.*got none/);
  });

  test('fails on findings kept less than 6 months', () => {
    expect(() => build({ logRetentionDays: 90 })).toThrow(/'logRetentionDays' must be a CloudWatch Logs retention period of at least 180 days.*got 90/);
  });

  test('keeps findings for the trust log retention', () => {
    build({ logRetentionDays: 731 }).template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  });

  test('says nothing at synth for a service turned off: the reason is evidence, not a finding to acknowledge', () => {
    const { stack } = build({ guardDuty: { enabled: false, reason: 'Run centrally by the ICS security account' } });
    expect(Annotations.fromStack(stack).findInfo('*', /.*/)).toEqual([]);
  });
});
