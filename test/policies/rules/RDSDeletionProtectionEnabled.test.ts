import type { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/rds/RDSDeletionProtectionEnabled';
import { violationsOf } from '../harness';

describe('RDSDeletionProtectionEnabled: RDS instances and clusters have deletion protection', () => {
  const instance = (s: Stack, deletionProtection: boolean) =>
    new rds.DatabaseInstance(s, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 0 }),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      deletionProtection,
    });

  test('fails a DatabaseInstance without deletion protection (L2)', () => {
    expect(violationsOf(rule, (s) => instance(s, false))).toEqual(['Db/Resource']);
  });

  test('fails a CfnDBInstance that does not say DeletionProtection (L1)', () => {
    expect(violationsOf(rule, (s) => new rds.CfnDBInstance(s, 'Db', { dbInstanceClass: 'db.t3.micro', engine: 'postgres' }))).toEqual(['Db']);
  });

  test('fails a CfnDBCluster with DeletionProtection false (L1)', () => {
    expect(violationsOf(rule, (s) => new rds.CfnDBCluster(s, 'Cluster', { engine: 'aurora-postgresql', deletionProtection: false }))).toEqual(['Cluster']);
  });

  test('passes protected instances and clusters, and does not judge cluster members', () => {
    expect(
      violationsOf(rule, (s) => {
        instance(s, true);
        const cluster = new rds.CfnDBCluster(s, 'Cluster', { engine: 'aurora-postgresql', deletionProtection: true });
        new rds.CfnDBInstance(s, 'Member', { dbInstanceClass: 'db.r6g.large', engine: 'aurora-postgresql', dbClusterIdentifier: cluster.ref });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
