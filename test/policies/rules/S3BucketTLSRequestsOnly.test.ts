import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/s3/S3BucketTLSRequestsOnly';
import { violationsOf } from '../harness';

/** A raw policy document with one Deny statement over `resources` under `condition`. */
function denyDocument(resources: unknown[], condition: Record<string, unknown>) {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: condition }],
  };
}

describe('S3BucketTLSRequestsOnly: buckets have a policy denying requests without TLS', () => {
  test('fails a bucket without enforceSSL (L2)', () => {
    expect(violationsOf(rule, (s) => new s3.Bucket(s, 'Bucket'))).toEqual(['Bucket/Resource']);
  });

  test('fails a bucket whose policy has no aws:SecureTransport denial (L2 policy statement)', () => {
    expect(
      violationsOf(rule, (s) => {
        const bucket = new s3.Bucket(s, 'Bucket');
        bucket.addToResourcePolicy(
          new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['s3:DeleteObject'], resources: [bucket.arnForObjects('*')] }),
        );
      }),
    ).toEqual(['Bucket/Resource']);
  });

  test('fails a CfnBucket whose CfnBucketPolicy denies insecure transport only on the bucket, not its objects (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        const bucket = new s3.CfnBucket(s, 'Bucket');
        new s3.CfnBucketPolicy(s, 'Policy', {
          bucket: bucket.ref,
          policyDocument: denyDocument([bucket.attrArn], { Bool: { 'aws:SecureTransport': 'false' } }),
        });
      }),
    ).toEqual(['Bucket']);
  });

  test('fails a bucket when the TLS-only policy belongs to another bucket (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        new s3.CfnBucket(s, 'Bucket');
        new s3.Bucket(s, 'Other', { enforceSSL: true });
      }),
    ).toEqual(['Bucket']);
  });

  test('passes a bucket with enforceSSL (L2) and a CfnBucket whose policy names it by literal BucketName (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        new s3.Bucket(s, 'Bucket', { enforceSSL: true, minimumTLSVersion: 1.2 });
        new s3.CfnBucket(s, 'Named', { bucketName: 'rh8-records' });
        new s3.CfnBucketPolicy(s, 'NamedPolicy', {
          bucket: 'rh8-records',
          policyDocument: denyDocument(['arn:aws:s3:::rh8-records', 'arn:aws:s3:::rh8-records/*'], { Bool: { 'aws:SecureTransport': false } }),
        });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });

  test('passes a bucket whose policy names it with the same Fn::Sub as its BucketName (the shape of AWS sample templates)', () => {
    // GIVEN a bucket named by Fn::Sub and a TLS-only policy whose Bucket and Resource use the same Fn::Sub
    const name = { 'Fn::Sub': '${AWS::StackName}-logs-${AWS::AccountId}' };
    expect(
      violationsOf(rule, (s) => {
        const bucket = new s3.CfnBucket(s, 'Bucket');
        bucket.addPropertyOverride('BucketName', name);
        const policy = new s3.CfnBucketPolicy(s, 'Policy', {
          bucket: 'placeholder',
          policyDocument: denyDocument(
            [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${AWS::StackName}-logs-${AWS::AccountId}' }, { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${AWS::StackName}-logs-${AWS::AccountId}/*' }],
            { Bool: { 'aws:SecureTransport': 'false' } },
          ),
        });
        policy.addPropertyOverride('Bucket', name);
      }),
      // WHEN the rule runs / THEN the policy is recognised as the bucket's
    ).toEqual([]);
  });

  test('fails when the policy names a different Fn::Sub than the bucket', () => {
    expect(
      violationsOf(rule, (s) => {
        const bucket = new s3.CfnBucket(s, 'Bucket');
        bucket.addPropertyOverride('BucketName', { 'Fn::Sub': '${AWS::StackName}-logs' });
        const policy = new s3.CfnBucketPolicy(s, 'Policy', { bucket: 'placeholder', policyDocument: denyDocument(['*'], { Bool: { 'aws:SecureTransport': 'false' } }) });
        policy.addPropertyOverride('Bucket', { 'Fn::Sub': '${AWS::StackName}-data' });
      }),
    ).toEqual(['Bucket']);
  });
});
