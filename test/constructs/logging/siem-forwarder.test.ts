import { App, Duration, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { SiemDestination, type ISiemDestination } from '../../../constructs/logging/siem';
import { SiemForwarder, siemForwarderProblems, type SiemForwarderProps } from '../../../constructs/logging/siem-forwarder';
import { applyDesignFindings, designFindingsOf } from '../../../lib/trust-stack/design-findings';
import { DESIGN_REVIEW, unacknowledgedFindings } from '../../../policies/acknowledge';
import { NhsTrustChecks } from '../../../policies/nhs-trust-checks';

const HEC_TOKEN = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const ENV = { account: '111122223333', region: 'eu-west-2' };

/** A stack with the real foundations the forwarder takes: key, topic, log groups, access-log bucket. */
function foundations(app: App, id: string) {
  const stack = new Stack(app, id, { env: ENV });
  const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('logs.eu-west-2.amazonaws.com')],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:Describe*'],
    resources: ['*'],
  }));
  const topic = new sns.Topic(stack, 'Alarms', { masterKey: key });
  const trailLogs = new logs.LogGroup(stack, 'TrailLogs', { encryptionKey: key, retention: logs.RetentionDays.THIRTEEN_MONTHS });
  const flowLogs = new logs.LogGroup(stack, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.THIRTEEN_MONTHS });
  const accessLogs = new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true });
  return { stack, key, topic, trailLogs, flowLogs, accessLogs };
}

interface BuildOptions {
  /** Run CloudFormation schema validation (about 3 s a synth): on for the main cases only. */
  readonly validate?: boolean;
  /** Changes to make before the template is synthesised. */
  readonly before?: (forwarder: SiemForwarder, stack: Stack) => void;
}

function build(destination: (stack: Stack) => ISiemDestination, extra: Partial<SiemForwarderProps> = {}, options: BuildOptions = {}) {
  const app = new App({ builtinCloudFormationValidation: options.validate ?? false });
  // The HEC token lives in a secret owned elsewhere (here: another stack, as an operator would create it).
  const secrets = new Stack(app, 'Secrets', { env: ENV });
  new secretsmanager.Secret(secrets, 'HecToken', { secretName: 'rootstock/siem/hec-token', secretStringValue: SecretValue.unsafePlainText(HEC_TOKEN) });
  const f = foundations(app, 'Trust');
  const forwarder = new SiemForwarder(f.stack, 'Siem', {
    destination: destination(f.stack),
    logGroups: { trail: f.trailLogs, flowLogs: f.flowLogs },
    logsKey: f.key,
    alarmTopic: f.topic,
    accessLogsBucket: f.accessLogs,
    ...extra,
  });
  options.before?.(forwarder, f.stack);
  return { template: Template.fromStack(f.stack), forwarder, ...f };
}

const splunk = (stack: Stack) =>
  SiemDestination.splunk({
    endpoint: 'https://http-inputs-firehose-nhs.splunkcloud.com:443',
    secret: secretsmanager.Secret.fromSecretNameV2(stack, 'HecSecret', 'rootstock/siem/hec-token'),
  });

describe('SiemForwarder', () => {
  describe('splunk destination', () => {
    let t: ReturnType<typeof build>;
    beforeAll(() => {
      t = build(splunk, {}, { validate: true });
    });

    test('subscribes every chosen log group to the stream with all events', () => {
      t.template.resourceCountIs('AWS::Logs::SubscriptionFilter', 2);
      for (const group of [t.trailLogs, t.flowLogs]) {
        t.template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
          LogGroupName: t.stack.resolve(group.logGroupName),
          FilterPattern: '',
          DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Siem[0-9A-F]{8}$'), 'Arn'] },
        });
      }
    });

    test('delivers to Splunk HEC with the token from Secrets Manager, encrypted with the customer key', () => {
      t.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        DeliveryStreamType: 'DirectPut',
        DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] } },
        SplunkDestinationConfiguration: Match.objectLike({
          HECEndpoint: 'https://http-inputs-firehose-nhs.splunkcloud.com:443',
          HECEndpointType: 'Event',
          HECToken: Match.absent(),
          SecretsManagerConfiguration: {
            Enabled: true,
            SecretARN: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-2:111122223333:secret:rootstock/siem/hec-token']] },
            RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SiemDeliveryRole'), 'Arn'] },
          },
          ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Decompression', Parameters: [{ ParameterName: 'CompressionFormat', ParameterValue: 'GZIP' }] }] },
          S3BackupMode: 'FailedEventsOnly',
          S3Configuration: Match.objectLike({
            BucketARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SiemBackupBucket'), 'Arn'] },
            EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] } } },
          }),
          CloudWatchLoggingOptions: Match.objectLike({ Enabled: true }),
        }),
      });
    });

    test('never puts the token in the template', () => {
      const json = JSON.stringify(t.template.toJSON());
      expect(json).not.toContain(HEC_TOKEN);
      expect(json).not.toMatch(/HECToken/i);
      expect(json).not.toContain('AccessKey');
    });

    test('lets only the delivery role read the secret', () => {
      t.template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^SiemDeliveryRole') }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'ReadSiemSecret',
              Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
              Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-2:111122223333:secret:rootstock/siem/hec-token-??????']] },
            }),
          ]),
        },
      });
      t.template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }],
        },
      });
    });

    test('backs failed deliveries up to an encrypted, versioned, TLS-only, private, logged, retained bucket', () => {
      const buckets = t.template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } });
      const [id, bucket] = Object.entries(buckets).find(([k]) => k.startsWith('SiemBackupBucket'))!;
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.UpdateReplacePolicy).toBe('Retain');
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogs/) }, LogFilePrefix: 'siem-backup/' },
        LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 400, Status: 'Enabled' })] },
      });
      t.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    test('alarms to the alarm topic on delivery failures, lag and backup failures', () => {
      for (const metric of ['DeliveryToSplunk.Success', 'DeliveryToSplunk.DataFreshness', 'DeliveryToS3.Success']) {
        t.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Firehose',
          MetricName: metric,
          Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: Match.stringLikeRegexp('^Siem[0-9A-F]{8}$') } }],
          AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
          TreatMissingData: 'notBreaching',
        });
      }
    });

    test('keeps delivery errors in an encrypted, retained log group', () => {
      t.template.hasResource('AWS::Logs::LogGroup', {
        Properties: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] }, RetentionInDays: 400 },
        DeletionPolicy: 'Retain',
      });
    });

    test('lets CloudWatch Logs put records only from this account', () => {
      t.template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'logs.amazonaws.com' }, Condition: { StringLike: { 'aws:SourceArn': Match.anyValue() } } })],
        },
      });
      t.template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^SiemSubscriptionRole') }],
        PolicyDocument: { Statement: [Match.objectLike({ Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Siem[0-9A-F]{8}$'), 'Arn'] } })] },
      });
      // Permissions live in customer-managed policies only, and filters wait for them.
      t.template.resourceCountIs('AWS::IAM::Policy', 0);
      const filters = Object.values(t.template.findResources('AWS::Logs::SubscriptionFilter'));
      for (const filter of filters) expect(filter.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^SiemSubscriptionPolicy/)]));
    });

    test('uses no Lambda function', () => {
      t.template.resourceCountIs('AWS::Lambda::Function', 0);
    });
  });

  test('delivers to a generic HTTPS endpoint with the key from Secrets Manager', () => {
    const { template } = build((stack) =>
      SiemDestination.http({
        endpoint: 'https://dce.example.com/ingest',
        secret: secretsmanager.Secret.fromSecretNameV2(stack, 'Key', 'rootstock/siem/key'),
        endpointName: 'Sentinel',
      }),
    );
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      HttpEndpointDestinationConfiguration: Match.objectLike({
        EndpointConfiguration: { Url: 'https://dce.example.com/ingest', Name: 'Sentinel' },
        SecretsManagerConfiguration: Match.objectLike({ Enabled: true }),
        S3BackupMode: 'FailedDataOnly',
        RequestConfiguration: { ContentEncoding: 'GZIP' },
      }),
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('AccessKey');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DeliveryToHttpEndpoint.Success' });
  });

  describe('cross-account s3 destination', () => {
    let t: ReturnType<typeof build>;
    beforeAll(() => {
      t = build(() => SiemDestination.crossAccountBucket({ bucketArn: 'arn:aws:s3:::central-security-logs' }), {}, { validate: true });
    });

    test('writes to the central bucket under the trust account prefix and keeps a local copy', () => {
      t.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        DeliveryStreamEncryptionConfigurationInput: Match.objectLike({ KeyType: 'CUSTOMER_MANAGED_CMK' }),
        ExtendedS3DestinationConfiguration: Match.objectLike({
          BucketARN: 'arn:aws:s3:::central-security-logs',
          Prefix: 'siem/111122223333/logs/!{timestamp:yyyy/MM/dd/HH}/',
          ErrorOutputPrefix: 'siem/111122223333/errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/',
          S3BackupMode: 'Enabled',
          S3BackupConfiguration: Match.objectLike({ BucketARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SiemBackupBucket'), 'Arn'] } }),
        }),
      });
    });

    test('grants the delivery role only the trust prefix of the central bucket', () => {
      t.template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            { Sid: 'ListCentralBucket', Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: 'arn:aws:s3:::central-security-logs' },
            { Sid: 'WriteTrustPrefixOfCentralBucket', Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'], Resource: 'arn:aws:s3:::central-security-logs/siem/111122223333/*' },
          ]),
        },
      });
    });

    test('alarms on S3 delivery failures', () => {
      t.template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DeliveryToS3.Success', AlarmActions: Match.anyValue() });
      t.template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    });
  });

  test('encrypts with the central key when one is given', () => {
    const { template } = build(() =>
      SiemDestination.crossAccountBucket({ bucketArn: 'arn:aws:s3:::central-logs', kmsKeyArn: 'arn:aws:kms:eu-west-2:999999999999:key/abcd' }),
    );
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: Match.objectLike({ EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: 'arn:aws:kms:eu-west-2:999999999999:key/abcd' } } }),
    });
  });

  test('forwards log groups added later, under stable ids', () => {
    const { forwarder, template } = build(splunk, { logGroups: {} }, { before: (f, stack) => f.addLogGroup('fhirAudit', new logs.LogGroup(stack, 'FhirAudit')) });
    expect(forwarder.subscriptions.fhirAudit.node.id).toBe('SubscriptionFhirAudit');
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 1);
  });

  test('fails on an http:// endpoint, naming the destination field', () => {
    expect(() => build((stack) => SiemDestination.splunk({ endpoint: 'http://splunk:8088', secret: secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'x') }))).toThrow(
      /SiemForwarder Trust\/Siem: 'destination\.endpoint' must be an https URL \(Firehose sends security logs only over TLS\), like https:\/\/example\.nhs\.uk\/path; got 'http:\/\/splunk:8088'/,
    );
  });

  test('fails on a malformed bucket ARN', () => {
    expect(() => build(() => SiemDestination.crossAccountBucket({ bucketArn: 'central-security-logs' }))).toThrow(/'destination\.bucketArn' must be an S3 bucket ARN/);
  });

  test('fails on a retention below 6 months and a buffer Splunk does not accept', () => {
    expect(() => build(splunk, { logRetentionDays: 30 })).toThrow(/'logRetentionDays' must be a CloudWatch Logs retention period of at least 180 days .*; got 30/);
    expect(() => build(splunk, { bufferingInterval: Duration.minutes(5) })).toThrow(/'bufferingInterval' must be 0 to 60 seconds for the splunk destination; got 300/);
  });

  test('fails on the same log group name twice', () => {
    expect(() => build(splunk, {}, { before: (f, stack) => f.addLogGroup('trail', new logs.LogGroup(stack, 'Other')) })).toThrow(/already forwards a log group named 'trail'/);
  });

  describe('problems of a destination (pure, no construct)', () => {
    const HEC = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
    const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVlLWhlcmU';
    const problemsOf = (destination: ISiemDestination) => siemForwarderProblems({ destination }).map((p) => `${p.field}: ${p.message}`);

    test('a token given as secretName is refused by kind and length, never echoed', () => {
      for (const [token, kind] of [[HEC, 'a GUID'], [JWT, 'a JWT']]) {
        const problems = problemsOf(SiemDestination.splunk({ endpoint: 'https://splunk.example.nhs.uk', secretName: token }));
        expect(problems).toEqual([expect.stringMatching(new RegExp(`^destination\\.secretName: must be the name or ARN .*; got ${kind} \\(${token.length} characters, redacted\\)`))]);
        expect(problems.join('\n')).not.toContain(token);
      }
    });

    test('an endpoint with credentials or a token in its query string is refused without echoing it', () => {
      const withPassword = 'https://siem:s3cr3t-pa55@relay.example.nhs.uk/ingest';
      const withToken = `https://relay.example.nhs.uk/ingest?token=${HEC}`;
      for (const endpoint of [withPassword, withToken]) {
        const problems = problemsOf(SiemDestination.http({ endpoint, secretName: 'rootstock/siem/key' }));
        expect(problems).toEqual([expect.stringMatching(/^destination\.endpoint: must not carry credentials or a token; got a URL with (credentials|a token in its query string) \(\d+ characters, redacted\)/)]);
        expect(problems.join('\n')).not.toMatch(/s3cr3t|6f1c2d3e/);
      }
    });

    test('needs exactly one of secret and secretName, and port 443 for an HTTP endpoint', () => {
      expect(problemsOf(SiemDestination.http({ endpoint: 'https://relay.example.nhs.uk:8443/x' }))).toEqual([
        "destination.endpoint: must use port 443: Firehose delivers to HTTP endpoints on port 443 only; got 'https://relay.example.nhs.uk:8443/x'",
        "destination.secretName: is required: give 'secret' or the name or ARN of the Secrets Manager secret holding the token as 'secretName'",
      ]);
      const stack = new Stack();
      const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'a');
      expect(problemsOf(SiemDestination.splunk({ endpoint: 'https://s.example.nhs.uk', secret, secretName: 'a' }))).toEqual([
        "destination.secretName: must not be given with 'secret': give the secret, or its name or ARN, not both",
      ]);
    });

    test('accepts a secret by name or ARN, and a central bucket with its key', () => {
      expect(problemsOf(SiemDestination.splunk({ endpoint: 'https://s.example.nhs.uk:443', secretName: 'rootstock/siem/hec-token' }))).toEqual([]);
      expect(problemsOf(SiemDestination.http({ endpoint: 'https://r.example.nhs.uk/i', secretName: 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:siem-AbCdEf' }))).toEqual([]);
      expect(problemsOf(SiemDestination.crossAccountBucket({ bucketArn: 'arn:aws:s3:::central-security-logs', kmsKeyArn: 'arn:aws:kms:eu-west-2:999988887777:key/abcd-1234' }))).toEqual([]);
    });
  });

  test('imports a secret given by name and lets the delivery role read exactly that secret', () => {
    const { template } = build(() => SiemDestination.splunk({ endpoint: 'https://s.example.nhs.uk', secretName: 'rootstock/siem/hec-token' }));
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).find((p) => JSON.stringify(p).includes('ReadSiemSecret'));
    const read = policy?.Properties.PolicyDocument.Statement.find((s: { Sid: string }) => s.Sid === 'ReadSiemSecret');
    expect(read.Action).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);
    expect(JSON.stringify(read.Resource)).toMatch(/:secret:rootstock\/siem\/hec-token-\?\?\?\?\?\?"\]\]\}$/);
  });

  describe.each([
    ['splunk', splunk],
    ['http', (stack: Stack) => SiemDestination.http({ endpoint: 'https://relay.example.nhs.uk/ingest', secret: secretsmanager.Secret.fromSecretNameV2(stack, 'K', 'rootstock/siem/key') })],
    ['s3', () => SiemDestination.crossAccountBucket({ bucketArn: 'arn:aws:s3:::central-security-logs', kmsKeyArn: 'arn:aws:kms:eu-west-2:999988887777:key/abcd-1234' })],
  ])('%s destination under all four packs', (kind, destination) => {
    let t: ReturnType<typeof build>;
    beforeAll(() => {
      t = build(destination);
    });

    test('records by design only the wildcard on objects it cannot name and the UK-only replication, each on its own construct', () => {
      const found = designFindingsOf(t.forwarder).map((f) => `${f.path} ${f.ruleId}`);
      const expected = [
        'Trust/Siem/BackupBucket cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
        'Trust/Siem/BackupBucket HIPAA.Security-S3BucketReplicationEnabled',
        'Trust/Siem/BackupBucket NIST.800.53.R5-S3BucketReplicationEnabled',
        expect.stringMatching(/^Trust\/Siem\/DeliveryPolicy AwsSolutions-IAM5\[Resource::<SiemBackupBucket[0-9A-F]{8}\.Arn>\/\*\]$/),
      ];
      if (kind === 's3') expected.push('Trust/Siem/DeliveryPolicy AwsSolutions-IAM5[Resource::arn:aws:s3:::central-security-logs/siem/111122223333/*]');
      expect(found).toEqual(expected);
    });

    test('leaves no finding open once its design findings are acknowledged, and each is still raised (none stale)', () => {
      const packs = [new NhsTrustChecks(), new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks()];
      const raised = packs.flatMap((p) => p.validateScope(t.stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)));
      // Control Tower (cfn-guard) findings are raised only by the guard validator: `npm run check:guard` checks those.
      for (const f of designFindingsOf(t.forwarder).filter((x) => !x.ruleId.startsWith('cdk-validator-cfnguard::'))) expect(raised).toContainEqual(expect.stringMatching(new RegExp(`^${f.ruleId.replace(/[[\]().*+?^$|\\]/g, '\\$&')} ${f.path}/`)));
      applyDesignFindings(t.forwarder, DESIGN_REVIEW);
      const open = unacknowledgedFindings(t.forwarder, packs).map((f) => `${f.ruleId} ${f.constructPath}`);
      expect(open).toEqual([]);
    });

    test('sends the backup bucket\'s object events to EventBridge without a custom resource', () => {
      t.template.hasResourceProperties('AWS::S3::Bucket', { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } });
      t.template.resourceCountIs('Custom::S3BucketNotifications', 0);
    });

    test('keeps the logical ids it was released under', () => {
      const ids = Object.keys(t.template.toJSON().Resources).filter((id) => id.startsWith('Siem')).sort();
      const released = [
        'Siem125737CD', 'SiemBackupBucketD928F2B3', 'SiemBackupBucketPolicy2295F39E', 'SiemBackupDeliveryErrors742DEB61', 'SiemDeliveryErrors6F344332',
        'SiemDeliveryFailureAlarmA08AFD1A', 'SiemDeliveryLagAlarmC3509508', 'SiemDeliveryPolicy9E47414F', 'SiemDeliveryRoleD0111E9D',
        'SiemDestinationDeliveryErrorsB14960FE', 'SiemSubscriptionFlowLogsA9418F23', 'SiemSubscriptionPolicy5D14E53F', 'SiemSubscriptionRole3CD0CD10', 'SiemSubscriptionTrail0A5F1682',
      ];
      if (kind !== 's3') released.push('SiemBackupFailureAlarmC11DC9DF');
      expect(ids).toEqual(released.sort());
    });
  });
});
