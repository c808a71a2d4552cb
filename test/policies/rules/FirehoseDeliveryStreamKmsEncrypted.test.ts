import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Stack } from 'aws-cdk-lib';
import rule from '../../../policies/rules/firehose/FirehoseDeliveryStreamKmsEncrypted';
import { violationsOf } from '../harness';

const destination = (s: Stack) => new firehose.S3Bucket(new s3.Bucket(s, 'Destination'));
const l1Destination = {
  bucketArn: 'arn:aws:s3:::rootstock-example-destination',
  roleArn: 'arn:aws:iam::111111111111:role/firehose-delivery',
};

describe('FirehoseDeliveryStreamKmsEncrypted: direct-put delivery streams encrypt with a customer-managed KMS key', () => {
  test('fails an unencrypted delivery stream (L2)', () => {
    expect(violationsOf(rule, (s) => new firehose.DeliveryStream(s, 'Delivery', { destination: destination(s) }))).toEqual(['Delivery/Resource']);
  });

  test('fails a delivery stream with an AWS-owned key (L2)', () => {
    expect(
      violationsOf(rule, (s) => new firehose.DeliveryStream(s, 'Delivery', { destination: destination(s), encryption: firehose.StreamEncryption.awsOwnedKey() })),
    ).toEqual(['Delivery/Resource']);
  });

  test('fails a CfnDeliveryStream with CUSTOMER_MANAGED_CMK but no key ARN (L1)', () => {
    expect(
      violationsOf(rule, (s) => new firehose.CfnDeliveryStream(s, 'Delivery', {
        s3DestinationConfiguration: l1Destination,
        deliveryStreamEncryptionConfigurationInput: { keyType: 'CUSTOMER_MANAGED_CMK' },
      })),
    ).toEqual(['Delivery']);
  });

  test('passes a delivery stream encrypted with a customer key', () => {
    expect(
      violationsOf(rule, (s) => new firehose.DeliveryStream(s, 'Delivery', {
        destination: destination(s),
        encryption: firehose.StreamEncryption.customerManagedKey(new kms.Key(s, 'Key')),
      })),
    ).toEqual([]);
  });

  test('does not apply to a stream fed by a Kinesis data stream (judged at the source) or to other resources', () => {
    expect(
      violationsOf(rule, (s) => {
        const source = new kinesis.Stream(s, 'Source', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: new kms.Key(s, 'Key') });
        new firehose.DeliveryStream(s, 'Delivery', { destination: destination(s), source: new firehose.KinesisStreamSource(source) });
      }),
    ).toEqual([]);
  });
});
