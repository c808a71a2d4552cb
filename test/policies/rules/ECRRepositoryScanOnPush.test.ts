import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/ecr/ECRRepositoryScanOnPush';
import { violationsOf } from '../harness';

describe('ECRRepositoryScanOnPush: ECR repositories scan images on push', () => {
  test('fails a repository without scan on push (L2 default)', () => {
    expect(violationsOf(rule, (s) => new ecr.Repository(s, 'Images'))).toEqual(['Images/Resource']);
  });

  test('fails scan on push set false (L1)', () => {
    expect(violationsOf(rule, (s) => new ecr.CfnRepository(s, 'Images', { imageScanningConfiguration: { scanOnPush: false } }))).toEqual(['Images']);
  });

  test('fails when the registry scans only some repositories', () => {
    expect(
      violationsOf(rule, (s) => {
        new ecr.CfnRepository(s, 'Images');
        new ecr.CfnRegistryScanningConfiguration(s, 'Registry', {
          scanType: 'ENHANCED',
          rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'prod-*', filterType: 'WILDCARD' }] }],
        });
      }),
    ).toEqual(['Images']);
  });

  test('passes scan on push (L2), and a repository covered by enhanced registry scanning of every repository', () => {
    expect(violationsOf(rule, (s) => new ecr.Repository(s, 'Images', { imageScanOnPush: true }))).toEqual([]);
    expect(
      violationsOf(rule, (s) => {
        new ecr.CfnRepository(s, 'Images');
        new ecr.CfnRegistryScanningConfiguration(s, 'Registry', {
          scanType: 'ENHANCED',
          rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }],
        });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
