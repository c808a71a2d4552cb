import type { Stack } from 'aws-cdk-lib';
import * as healthlake from 'aws-cdk-lib/aws-healthlake';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/healthlake/HealthLakeDatastoreNoSyntheticDataInProd';
import { violationsOf } from '../harness';

// HealthLake has no L2 construct in aws-cdk-lib: every case uses CfnFHIRDatastore.
describe('HealthLakeDatastoreNoSyntheticDataInProd: no Synthea preload in a prod-tagged stack', () => {
  const store = (s: Stack, props: Partial<healthlake.CfnFHIRDatastoreProps> = {}) =>
    new healthlake.CfnFHIRDatastore(s, 'Store', { datastoreTypeVersion: 'R4', ...props });

  test('fails a Synthea-preloaded store in a stack tagged nhs:environment=prod', () => {
    expect(violationsOf(rule, (s) => store(s, { preloadDataConfig: { preloadDataType: 'SYNTHEA' } }), { tags: { 'nhs:environment': 'prod' } })).toEqual(['Store']);
  });

  test('fails a Synthea-preloaded store tagged nhs:environment=prod on the resource', () => {
    expect(violationsOf(rule, (s) => store(s, { preloadDataConfig: { preloadDataType: 'SYNTHEA' }, tags: [{ key: 'nhs:environment', value: 'prod' }] }))).toEqual(['Store']);
  });

  test('passes a prod store without preload, and a Synthea store in a dev stack', () => {
    expect(violationsOf(rule, (s) => store(s), { tags: { 'nhs:environment': 'prod' } })).toEqual([]);
    expect(violationsOf(rule, (s) => store(s, { preloadDataConfig: { preloadDataType: 'SYNTHEA' } }), { tags: { 'nhs:environment': 'dev' } })).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'), { tags: { 'nhs:environment': 'prod' } })).toEqual([]);
  });
});
