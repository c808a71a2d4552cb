import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import rule from '../../../policies/rules/rds/RDSStorageKmsEncrypted';
import { violationsOf } from '../harness';

const postgres = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });
const auroraPostgres = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });

describe('RDSStorageKmsEncrypted: DB instances and clusters encrypt storage with a customer-managed KMS key', () => {
  test('fails an unencrypted DatabaseInstance (L2)', () => {
    expect(
      violationsOf(rule, (s) => new rds.DatabaseInstance(s, 'Db', { engine: postgres, vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2 }) })),
    ).toEqual(['Db/Resource']);
  });

  test('fails an Aurora cluster encrypted with the AWS-managed aws/rds key (L2), not its member instances', () => {
    expect(
      violationsOf(rule, (s) => new rds.DatabaseCluster(s, 'Cluster', {
        engine: auroraPostgres,
        vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2 }),
        writer: rds.ClusterInstance.serverlessV2('Writer'),
      })),
    ).toEqual(['Cluster/Resource']);
  });

  test('fails a CfnDBInstance with StorageEncrypted but no key (L1)', () => {
    expect(
      violationsOf(rule, (s) => new rds.CfnDBInstance(s, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t3.micro', allocatedStorage: '20', storageEncrypted: true })),
    ).toEqual(['Db']);
  });

  test('fails a CfnDBCluster with a key but StorageEncrypted false (L1)', () => {
    expect(
      violationsOf(rule, (s) => new rds.CfnDBCluster(s, 'Cluster', { engine: 'aurora-mysql', storageEncrypted: false, kmsKeyId: new kms.Key(s, 'Key').keyArn })),
    ).toEqual(['Cluster']);
  });

  test('passes an instance and a cluster encrypted with a customer key', () => {
    expect(
      violationsOf(rule, (s) => {
        const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2 });
        const key = new kms.Key(s, 'Key');
        new rds.DatabaseInstance(s, 'Db', { engine: postgres, vpc, storageEncryptionKey: key });
        new rds.DatabaseCluster(s, 'Cluster', { engine: auroraPostgres, vpc, writer: rds.ClusterInstance.serverlessV2('Writer'), storageEncryptionKey: key });
      }),
    ).toEqual([]);
  });

  test('does not apply to an instance in a cluster or to other resources', () => {
    expect(
      violationsOf(rule, (s) => {
        new rds.CfnDBInstance(s, 'Member', { engine: 'aurora-postgresql', dbInstanceClass: 'db.serverless', dbClusterIdentifier: 'trust-cluster' });
        new kms.Key(s, 'Key');
      }),
    ).toEqual([]);
  });
});
