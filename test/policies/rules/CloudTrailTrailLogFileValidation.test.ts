import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/cloudtrail/CloudTrailTrailLogFileValidation';
import { violationsOf } from '../harness';

describe('CloudTrailTrailLogFileValidation: trails sign their log files', () => {
  test('fails a Trail without file validation (L2)', () => {
    expect(violationsOf(rule, (s) => new cloudtrail.Trail(s, 'Trail', { enableFileValidation: false }))).toEqual(['Trail/Resource']);
  });

  test('fails a CfnTrail that does not say EnableLogFileValidation (L1)', () => {
    expect(violationsOf(rule, (s) => new cloudtrail.CfnTrail(s, 'Trail', { isLogging: true, s3BucketName: 'logs', isMultiRegionTrail: true }))).toEqual(['Trail']);
  });

  test('passes a Trail with file validation', () => {
    expect(violationsOf(rule, (s) => new cloudtrail.Trail(s, 'Trail'))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
