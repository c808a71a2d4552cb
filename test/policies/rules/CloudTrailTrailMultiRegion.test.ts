import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/cloudtrail/CloudTrailTrailMultiRegion';
import { violationsOf } from '../harness';

describe('CloudTrailTrailMultiRegion: trails record every region', () => {
  test('fails a single-region Trail (L2)', () => {
    expect(violationsOf(rule, (s) => new cloudtrail.Trail(s, 'Trail', { isMultiRegionTrail: false }))).toEqual(['Trail/Resource']);
  });

  test('fails a CfnTrail that does not say IsMultiRegionTrail (L1)', () => {
    expect(violationsOf(rule, (s) => new cloudtrail.CfnTrail(s, 'Trail', { isLogging: true, s3BucketName: 'logs' }))).toEqual(['Trail']);
  });

  test('passes a multi-region Trail', () => {
    expect(violationsOf(rule, (s) => new cloudtrail.Trail(s, 'Trail'))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
