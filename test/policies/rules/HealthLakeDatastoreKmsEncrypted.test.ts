import * as healthlake from 'aws-cdk-lib/aws-healthlake';
import * as kms from 'aws-cdk-lib/aws-kms';
import rule from '../../../policies/rules/healthlake/HealthLakeDatastoreKmsEncrypted';
import { violationsOf } from '../harness';

// HealthLake has no L2 construct: every case is the L1 CfnFHIRDatastore.
describe('HealthLakeDatastoreKmsEncrypted: FHIR data stores are encrypted with a customer-managed KMS key', () => {
  test('fails a store without SseConfiguration (AWS-owned key)', () => {
    expect(violationsOf(rule, (s) => new healthlake.CfnFHIRDatastore(s, 'Store', { datastoreTypeVersion: 'R4' }))).toEqual(['Store']);
  });

  test('fails a store with CmkType AWS_OWNED_KMS_KEY', () => {
    expect(
      violationsOf(rule, (s) => new healthlake.CfnFHIRDatastore(s, 'Store', {
        datastoreTypeVersion: 'R4',
        sseConfiguration: { kmsEncryptionConfig: { cmkType: 'AWS_OWNED_KMS_KEY' } },
      })),
    ).toEqual(['Store']);
  });

  test('fails a store with CUSTOMER_MANAGED_KMS_KEY but no KmsKeyId', () => {
    expect(
      violationsOf(rule, (s) => new healthlake.CfnFHIRDatastore(s, 'Store', {
        datastoreTypeVersion: 'R4',
        sseConfiguration: { kmsEncryptionConfig: { cmkType: 'CUSTOMER_MANAGED_KMS_KEY' } },
      })),
    ).toEqual(['Store']);
  });

  test('passes a store encrypted with a customer key', () => {
    expect(
      violationsOf(rule, (s) => new healthlake.CfnFHIRDatastore(s, 'Store', {
        datastoreTypeVersion: 'R4',
        sseConfiguration: { kmsEncryptionConfig: { cmkType: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: new kms.Key(s, 'Key').keyArn } },
      })),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key'))).toEqual([]);
  });
});
