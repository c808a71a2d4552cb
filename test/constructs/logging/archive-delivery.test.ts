import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ArchiveDelivery, archiveDeliveryProblems } from '../../../constructs/logging/archive-delivery';

describe('ArchiveDelivery', () => {
  test('delivers a log group to the archive by time, with the delivery role limited to its two folders', () => {
    // GIVEN a log group and an archive bucket WHEN delivered with a timestamp-only prefix (as the SIEM S3 path would)
    const stack = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-2' } });
    const key = new kms.Key(stack, 'Key');
    new ArchiveDelivery(stack, 'Delivery', {
      source: new logs.LogGroup(stack, 'Source'), bucket: new s3.Bucket(stack, 'Archive', { encryptionKey: key }), streamKey: key,
      prefix: 'siem/logs/!{timestamp:yyyy/MM/dd/HH}/', errorOutputPrefix: 'siem-errors/!{firehose:error-output-type}/', what: 'security logs', name: 'SIEM',
    });
    // THEN no dynamic partitioning, and writes only below the fixed folders siem/logs/ and siem-errors/
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: Match.objectLike({ Prefix: 'siem/logs/!{timestamp:yyyy/MM/dd/HH}/', DynamicPartitioningConfiguration: Match.absent() }),
    });
    const policy = Object.values(t.findResources('AWS::IAM::ManagedPolicy')).find((p) => JSON.stringify(p).includes('WriteAuditPrefixes'))!;
    const write = policy.Properties.PolicyDocument.Statement[0];
    expect(JSON.stringify(write.Resource)).toMatch(/\/siem\/logs\/\*.*\/siem-errors\/\*/);
    t.hasResourceProperties('AWS::Logs::SubscriptionFilter', { FilterPattern: '' });
  });

  test.each([
    ['a prefix without a fixed folder', { prefix: '!{timestamp:yyyy}/' }, /'prefix' must start with a fixed folder/],
    ['an error prefix inside the prefix', { errorOutputPrefix: 'fhir-audit/errors/' }, /'errorOutputPrefix' must be a folder of its own/],
    ['partition keys without a query', { prefix: 'fhir-audit/date=!{partitionKeyFromQuery:date}/' }, /'partitionQuery' is required/],
    ['a query without partition keys', { partitionQuery: '{date: .recorded}' }, /'partitionQuery' is only used/],
    ['a log retention CloudWatch does not offer', { logRetentionDays: 200 }, /'logRetentionDays' must be a CloudWatch Logs retention period/],
  ])('fails on %s', (_name, change, message) => {
    const problems = archiveDeliveryProblems({ prefix: 'fhir-audit/!{timestamp:yyyy}/', errorOutputPrefix: 'fhir-audit-errors/', ...change });
    expect(problems.map((p) => `'${p.field}' ${p.message}`).join('\n')).toMatch(message);
  });
});
