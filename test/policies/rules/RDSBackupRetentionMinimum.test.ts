import { Duration, type Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/rds/RDSBackupRetentionMinimum';
import { violationsOf } from '../harness';

describe('RDSBackupRetentionMinimum: RDS instances and clusters keep backups for 7 days or more', () => {
  const instance = (s: Stack, backupRetention?: Duration) =>
    new rds.DatabaseInstance(s, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 0 }),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      backupRetention,
    });

  test('fails a DatabaseInstance with 3-day backups (L2)', () => {
    expect(violationsOf(rule, (s) => instance(s, Duration.days(3)))).toEqual(['Db/Resource']);
  });

  test('fails a CfnDBInstance with no BackupRetentionPeriod (L1: the default is 1 day)', () => {
    expect(violationsOf(rule, (s) => new rds.CfnDBInstance(s, 'Db', { dbInstanceClass: 'db.t3.micro', engine: 'postgres' }))).toEqual(['Db']);
  });

  test('fails a CfnDBCluster with 1-day backups (L1)', () => {
    expect(violationsOf(rule, (s) => new rds.CfnDBCluster(s, 'Cluster', { engine: 'aurora-postgresql', backupRetentionPeriod: 1 }))).toEqual(['Cluster']);
  });

  test('passes 7-day backups, and does not judge cluster members or read replicas', () => {
    expect(
      violationsOf(rule, (s) => {
        instance(s, Duration.days(7));
        const cluster = new rds.CfnDBCluster(s, 'Cluster', { engine: 'aurora-postgresql', backupRetentionPeriod: 35 });
        new rds.CfnDBInstance(s, 'Member', { dbInstanceClass: 'db.r6g.large', engine: 'aurora-postgresql', dbClusterIdentifier: cluster.ref });
        new rds.CfnDBInstance(s, 'Replica', { dbInstanceClass: 'db.t3.micro', sourceDbInstanceIdentifier: 'arn:aws:rds:eu-west-2:111111111111:db:primary' });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
