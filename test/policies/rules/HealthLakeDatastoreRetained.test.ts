import { CfnDeletionPolicy, RemovalPolicy } from 'aws-cdk-lib';
import * as healthlake from 'aws-cdk-lib/aws-healthlake';
import * as kms from 'aws-cdk-lib/aws-kms';
import rule from '../../../policies/rules/healthlake/HealthLakeDatastoreRetained';
import { violationsOf } from '../harness';

// HealthLake has no L2 construct: every case is the L1 CfnFHIRDatastore.
describe('HealthLakeDatastoreRetained: FHIR data stores are retained on stack deletion and replacement', () => {
  test('fails a store without policies, which CloudFormation deletes', () => {
    expect(violationsOf(rule, (s) => new healthlake.CfnFHIRDatastore(s, 'Store', { datastoreTypeVersion: 'R4' }))).toEqual(['Store']);
  });

  test('fails a store with removal policy DESTROY', () => {
    expect(
      violationsOf(rule, (s) => new healthlake.CfnFHIRDatastore(s, 'Store', { datastoreTypeVersion: 'R4' }).applyRemovalPolicy(RemovalPolicy.DESTROY)),
    ).toEqual(['Store']);
  });

  test('fails a store retained on deletion but replaced destructively', () => {
    expect(
      violationsOf(rule, (s) => {
        new healthlake.CfnFHIRDatastore(s, 'Store', { datastoreTypeVersion: 'R4' }).cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      }),
    ).toEqual(['Store']);
  });

  test('passes a retained store', () => {
    expect(
      violationsOf(rule, (s) => new healthlake.CfnFHIRDatastore(s, 'Store', { datastoreTypeVersion: 'R4' }).applyRemovalPolicy(RemovalPolicy.RETAIN)),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new kms.CfnKey(s, 'Key'))).toEqual([]);
  });
});
