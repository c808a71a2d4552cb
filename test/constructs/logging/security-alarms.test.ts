import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CIS_MONITORING_FILTERS, SecurityAlarms } from '../../../constructs/logging';

const CLASSIC_14 = [
  'UnauthorizedApiCalls', 'ConsoleSignInWithoutMfa', 'RootAccountUsage', 'IamPolicyChanges', 'CloudTrailChanges',
  'ConsoleAuthenticationFailures', 'CmkDisableOrDeletion', 'KmsKeyPolicyChanges', 'S3BucketPolicyChanges', 'ConfigChanges', 'SecurityGroupChanges',
  'NaclChanges', 'NetworkGatewayChanges', 'RouteTableChanges', 'VpcChanges',
];

describe('SecurityAlarms', () => {
  let template: Template;

  beforeAll(() => {
    // GIVEN a trail log group and a key WHEN alarms are added with an email
    const stack = new Stack(new App(), 'Test');
    const logGroup = new logs.LogGroup(stack, 'TrailLogs');
    const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    new SecurityAlarms(stack, 'Alarms', { logGroup, encryptionKey: key, email: 'security@example.nhs.uk' });
    template = Template.fromStack(stack);
  });

  test('covers the 14 classic CIS monitoring controls, plus Organizations changes', () => {
    expect(CIS_MONITORING_FILTERS.map((f) => f.id)).toEqual([...CLASSIC_14, 'OrganizationsChanges']);
  });

  test('defines a metric filter on the trail log group for each control', () => {
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter'));
    expect(filters).toHaveLength(CIS_MONITORING_FILTERS.length);
    for (const control of CIS_MONITORING_FILTERS) {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: { Ref: Match.stringLikeRegexp('^TrailLogs') },
        FilterPattern: control.pattern,
        MetricTransformations: [{ MetricName: control.id, MetricNamespace: 'Rootstock/CISBenchmark', MetricValue: '1' }],
      });
    }
  });

  test('alarms on each filter at the first match, to the topic', () => {
    for (const control of CIS_MONITORING_FILTERS) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: control.id,
        Namespace: 'Rootstock/CISBenchmark',
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }],
      });
    }
  });

  test('encrypts the topic with the key, denies non-TLS publishing and subscribes the email', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.nhs.uk' });
  });

  test('lets CloudWatch alarms publish to the encrypted topic through SNS only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['sns.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
        })]),
      },
    });
  });

  test('works with only a log group: its own rotating, retained key and no subscription', () => {
    const stack = new Stack(new App(), 'Minimal');
    new SecurityAlarms(stack, 'Alarms', { logGroup: new logs.LogGroup(stack, 'TrailLogs') });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Subscription', 0);
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  test('fails an invalid email address', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new SecurityAlarms(stack, 'Alarms', { logGroup: new logs.LogGroup(stack, 'L'), email: 'security' })).toThrow(
      "SecurityAlarms Bad/Alarms: 'email' must be an email address like security@example.nhs.uk, got 'security'.",
    );
  });

  test('fails a metric namespace in the AWS/ space', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new SecurityAlarms(stack, 'Alarms', { logGroup: new logs.LogGroup(stack, 'L'), metricNamespace: 'AWS/CloudTrail' })).toThrow("must not start with 'AWS/'");
  });
});
