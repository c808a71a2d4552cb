import type { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/rds/RDSInstanceNotPubliclyAccessible';
import { violationsOf } from '../harness';

describe('RDSInstanceNotPubliclyAccessible: RDS instances say PubliclyAccessible false', () => {
  const instance = (s: Stack, publiclyAccessible?: boolean) => {
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 0 });
    return new rds.DatabaseInstance(s, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
      vpcSubnets: { subnetType: publiclyAccessible ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_ISOLATED },
      publiclyAccessible,
    });
  };

  test('fails a publicly accessible DatabaseInstance (L2)', () => {
    expect(violationsOf(rule, (s) => instance(s, true))).toEqual(['Db/Resource']);
  });

  test('fails a CfnDBInstance with PubliclyAccessible true (L1)', () => {
    expect(violationsOf(rule, (s) => new rds.CfnDBInstance(s, 'Db', { dbInstanceClass: 'db.t3.micro', engine: 'postgres', publiclyAccessible: true }))).toEqual(['Db']);
  });

  test('fails a CfnDBInstance that does not say PubliclyAccessible (L1: RDS decides from the subnets)', () => {
    expect(violationsOf(rule, (s) => new rds.CfnDBInstance(s, 'Db', { dbInstanceClass: 'db.t3.micro', engine: 'postgres' }))).toEqual(['Db']);
  });

  test('passes a private DatabaseInstance', () => {
    expect(violationsOf(rule, (s) => instance(s, false))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
