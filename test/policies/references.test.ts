import { App, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { cfnView } from '../../policies/cfn';
import { keyKind, keyStringKind, namesBucket, referencedLogicalId, sameExpression, staticString } from '../../policies/references';

describe('references: how rules classify KMS key values', () => {
  test('literal key ids, key ARNs and customer aliases are customer-managed; alias/aws/* is AWS-managed', () => {
    expect(keyStringKind('11111111-2222-3333-4444-555555555555')).toBe('customer');
    expect(keyStringKind('mrk-0123456789abcdef0123456789abcdef')).toBe('customer');
    expect(keyStringKind('arn:aws:kms:eu-west-2:111111111111:key/11111111-2222-3333-4444-555555555555')).toBe('customer');
    expect(keyStringKind('alias/trust-data')).toBe('customer');
    expect(keyStringKind('alias/aws/s3')).toBe('aws-managed');
    expect(keyStringKind('arn:aws:kms:eu-west-2:111111111111:alias/aws/sqs')).toBe('aws-managed');
    expect(keyStringKind('')).toBe('absent');
    expect(keyStringKind('not a key')).toBe('unknown');
  });

  test('joins and subs of literals and pseudo parameters are resolved; other intrinsics are not', () => {
    expect(staticString({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:eu-west-2:111111111111:alias/aws/sns']] })).toBe(
      'arn:aws:kms:eu-west-2:111111111111:alias/aws/sns',
    );
    expect(staticString({ 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sqs' })).toBe(
      'arn:aws:kms:eu-west-2:111111111111:alias/aws/sqs',
    );
    expect(staticString({ 'Fn::Sub': 'arn:aws:kms:eu-west-2:111111111111:key/${KeyId}' })).toBeUndefined();
    expect(staticString({ 'Fn::ImportValue': 'SharedKey' })).toBeUndefined();
  });

  test('Ref and Fn::GetAtt name a logical id; pseudo parameters do not', () => {
    expect(referencedLogicalId({ Ref: 'Key' })).toBe('Key');
    expect(referencedLogicalId({ 'Fn::GetAtt': ['Key', 'Arn'] })).toBe('Key');
    expect(referencedLogicalId({ 'Fn::GetAtt': 'Key.Arn' })).toBe('Key');
    expect(referencedLogicalId({ Ref: 'AWS::Region' })).toBeUndefined();
  });

  test('a reference to a key in the stack is customer-managed; to a parameter or another resource is unknown', () => {
    const stack = new Stack(new App(), 'Test');
    const key = new kms.Key(stack, 'Key');
    const param = new CfnParameter(stack, 'KeyArn');
    const queue = new sqs.CfnQueue(stack, 'Queue');
    const resolve = (v: unknown) => stack.resolve(v);
    expect(keyKind(queue, resolve(key.keyArn))).toBe('customer');
    expect(keyKind(queue, resolve(param.valueAsString))).toBe('unknown');
    expect(keyKind(queue, resolve(queue.attrArn))).toBe('unknown');
    expect(keyKind(queue, resolve(Fn.importValue('Shared')))).toBe('unknown');
    expect(keyKind(queue, undefined)).toBe('absent');
    expect(cfnView(queue).type).toBe('AWS::SQS::Queue');
  });

  test('a policy names a bucket by Ref/GetAtt, or by the same expression as its BucketName, literal or intrinsic', () => {
    const bucket = { type: 'AWS::S3::Bucket', logicalId: 'Logs', properties: { BucketName: { 'Fn::Sub': '${AWS::StackName}-logs' } } };
    expect(namesBucket({ Ref: 'Logs' }, bucket)).toBe(true);
    expect(namesBucket({ 'Fn::GetAtt': ['Logs', 'Arn'] }, bucket)).toBe(true);
    expect(namesBucket({ 'Fn::Sub': '${AWS::StackName}-logs' }, bucket)).toBe(true);
    expect(namesBucket({ 'Fn::Sub': '${AWS::StackName}-data' }, bucket)).toBe(false);
    expect(namesBucket({ Ref: 'Other' }, bucket)).toBe(false);
    expect(namesBucket(undefined, bucket)).toBe(false);
    expect(namesBucket('rh8-logs', { ...bucket, properties: { BucketName: 'rh8-logs' } })).toBe(true);
    expect(namesBucket('rh8-logs', { ...bucket, properties: {} })).toBe(false);
    expect(sameExpression({ 'Fn::Join': ['-', ['a', { Ref: 'B' }]] }, { 'Fn::Join': ['-', ['a', { Ref: 'B' }]] })).toBe(true);
    expect(sameExpression(['a'], { 0: 'a' })).toBe(false);
  });
});
