import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Stack } from 'aws-cdk-lib';
import rule from '../../../policies/rules/ec2/EC2VPCFlowLogAllTraffic';
import { violationsOf } from '../harness';

describe('EC2VPCFlowLogAllTraffic: every VPC has a flow log of all traffic', () => {
  const vpc = (s: Stack) => new ec2.Vpc(s, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });

  test('fails a Vpc with no flow log (L2)', () => {
    expect(violationsOf(rule, (s) => vpc(s))).toEqual(['Vpc/Resource']);
  });

  test('fails a Vpc whose flow log captures rejected traffic only (L2)', () => {
    expect(violationsOf(rule, (s) => vpc(s).addFlowLog('Flow', { trafficType: ec2.FlowLogTrafficType.REJECT }))).toEqual(['Vpc/Resource']);
  });

  test('fails a CfnVPC whose only flow log covers another VPC (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        new ec2.CfnVPC(s, 'Vpc', { cidrBlock: '10.0.0.0/16' });
        const other = new ec2.CfnVPC(s, 'Other', { cidrBlock: '10.1.0.0/16' });
        new ec2.CfnFlowLog(s, 'Flow', { resourceId: other.ref, resourceType: 'VPC', trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::flow-logs' });
      }),
    ).toEqual(['Vpc']);
  });

  test('passes a Vpc with an all-traffic flow log (L2)', () => {
    expect(violationsOf(rule, (s) => vpc(s).addFlowLog('Flow'))).toEqual([]);
  });

  test('passes a CfnVPC with a matching CfnFlowLog (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        const v = new ec2.CfnVPC(s, 'Vpc', { cidrBlock: '10.0.0.0/16' });
        new ec2.CfnFlowLog(s, 'Flow', { resourceId: v.ref, resourceType: 'VPC', trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::flow-logs' });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
