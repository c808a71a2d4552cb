import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/s3/S3BucketAccessLogging';
import { violationsOf } from '../harness';

describe('S3BucketAccessLogging: data buckets write server access logs', () => {
  test('fails a Bucket without server access logs (L2)', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'Data'))).toEqual(['Data/Resource']);
  });

  test('fails a CfnBucket without LoggingConfiguration (L1)', () => {
    expect(violationsOf(rule, (s) => new s3.CfnBucket(s, 'Data'))).toEqual(['Data']);
  });

  test('fails a bucket whose logging is removed by a property override', () => {
    expect(
      violationsOf(rule, (s) => {
        const logsBucket = new s3.Bucket(s, 'AccessLogs');
        const data = new s3.Bucket(s, 'Data', { serverAccessLogsBucket: logsBucket });
        (data.node.defaultChild as s3.CfnBucket).addPropertyDeletionOverride('LoggingConfiguration');
      }),
      // The log bucket stays exempt: CDK gave it a policy allowing the S3 log delivery service.
    ).toEqual(['Data/Resource']);
  });

  test('passes a data bucket logging to a log bucket, and exempts the log bucket as a target (L2)', () => {
    expect(
      violationsOf(rule, (s) => {
        const logsBucket = new s3.Bucket(s, 'AccessLogs');
        new s3.Bucket(s, 'Data', { serverAccessLogsBucket: logsBucket });
      }),
    ).toEqual([]);
  });

  test('exempts a bucket whose policy allows the S3 log delivery service (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        const b = new s3.CfnBucket(s, 'AccessLogs');
        new s3.CfnBucketPolicy(s, 'Policy', {
          bucket: b.ref,
          policyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [b.attrArn, '/*']] } }],
          },
        });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });

  test('exempts a log bucket named by the same Fn::Sub as the DestinationBucketName that logs to it', () => {
    // GIVEN a data bucket logging to a bucket whose BucketName is the same Fn::Sub
    const name = { 'Fn::Sub': '${AWS::StackName}-access-logs' };
    expect(
      violationsOf(rule, (s) => {
        const logs = new s3.CfnBucket(s, 'Logs');
        logs.addPropertyOverride('BucketName', name);
        const data = new s3.CfnBucket(s, 'Data', { loggingConfiguration: { destinationBucketName: 'placeholder' } });
        data.addPropertyOverride('LoggingConfiguration.DestinationBucketName', name);
      }),
      // WHEN the rule runs / THEN neither is reported
    ).toEqual([]);
  });
});
