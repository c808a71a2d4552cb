import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import rule from '../../../policies/rules/rds/RDSDatabaseTLSRequired';
import { violationsOf } from '../harness';

const postgres = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });
const auroraMysql = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 });

describe('RDSDatabaseTLSRequired: databases use a parameter group that refuses unencrypted connections', () => {
  test('fails a PostgreSQL instance on the default parameter group (L2)', () => {
    expect(violationsOf(rule, (s) => new rds.DatabaseInstance(s, 'Db', { engine: postgres, vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2 }) }))).toEqual([
      'Db/Resource',
    ]);
  });

  test('fails a PostgreSQL instance whose parameter group sets rds.force_ssl to 0 (L2)', () => {
    expect(
      violationsOf(rule, (s) => new rds.DatabaseInstance(s, 'Db', { engine: postgres, vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2 }), parameters: { 'rds.force_ssl': '0' } })),
    ).toEqual(['Db/Resource']);
  });

  test('fails an Aurora MySQL cluster without require_secure_transport (L2)', () => {
    expect(
      violationsOf(rule, (s) => new rds.DatabaseCluster(s, 'Cluster', {
        engine: auroraMysql,
        vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2 }),
        writer: rds.ClusterInstance.serverlessV2('Writer'),
        parameters: { time_zone: 'Europe/London' },
      })),
    ).toEqual(['Cluster/Resource']);
  });

  test('fails a CfnDBInstance naming its parameter group by a literal it cannot inspect (L1)', () => {
    expect(
      violationsOf(rule, (s) => new rds.CfnDBInstance(s, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t3.micro', allocatedStorage: '20', dbParameterGroupName: 'trust-postgres' })),
    ).toEqual(['Db']);
  });

  test('fails an Oracle instance, whose TLS is not set by a parameter group (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        const params = new rds.CfnDBParameterGroup(s, 'Params', { family: 'oracle-ee-19', description: 'Oracle', parameters: { 'rds.force_ssl': '1' } });
        new rds.CfnDBInstance(s, 'Db', { engine: 'oracle-ee', dbInstanceClass: 'db.m5.large', allocatedStorage: '20', dbParameterGroupName: params.ref });
      }),
    ).toEqual(['Db']);
  });

  test('passes a PostgreSQL instance with rds.force_ssl 1 and an Aurora MySQL cluster with require_secure_transport ON', () => {
    expect(
      violationsOf(rule, (s) => {
        const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2 });
        new rds.DatabaseInstance(s, 'Db', { engine: postgres, vpc, parameters: { 'rds.force_ssl': '1' } });
        new rds.DatabaseCluster(s, 'Cluster', {
          engine: auroraMysql,
          vpc,
          writer: rds.ClusterInstance.serverlessV2('Writer'),
          parameters: { require_secure_transport: 'ON' },
        });
      }),
    ).toEqual([]);
  });

  test('does not apply to an instance in a cluster (judged at the cluster) or to other resources', () => {
    expect(
      violationsOf(rule, (s) => {
        new rds.CfnDBInstance(s, 'Member', { engine: 'aurora-mysql', dbInstanceClass: 'db.serverless', dbClusterIdentifier: 'trust-cluster' });
        new kms.Key(s, 'Key');
      }),
    ).toEqual([]);
  });
});
