import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { refTarget, sameStackResources } from '../same-stack';

/** Every VPC has a flow log in the same stack capturing ALL traffic. */
export default defineRule({
  id: 'EC2VPCFlowLogAllTraffic',
  level: NagMessageLevel.ERROR,
  info: 'The VPC has no flow log capturing all traffic (an AWS::EC2::FlowLog with ResourceType VPC, TrafficType ALL and ResourceId referencing this VPC).',
  explanation:
    'Flow logs are the network record of an incident: which hosts talked to which, and whether data left. Accepted-only or rejected-only logs miss half of it. Add an AWS::EC2::FlowLog in the same stack with ResourceId { Ref: <vpc> }, ResourceType VPC and TrafficType ALL (vpc.addFlowLog(id) or ec2.Vpc flowLogs, trafficType ALL, the default), delivering to the log archive.',
  resourceTypes: ['AWS::EC2::VPC'],
  controls: {
    'C1.a':
      'C1.a.5: monitoring coverage \'includes ... network gateways\': flow logs record all traffic in and out of the VPC',
    'NCSC-5':
      'NCSC-5 (operational security): protective monitoring of the network',
    'NCSC-13':
      'NCSC-13: network audit records are collected for the customer',
  },
  source: 'CAF C1.a (monitoring coverage: flow logs)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::EC2::VPC') return NagRuleCompliance.NOT_APPLICABLE;
    const covered = sameStackResources(node, 'AWS::EC2::FlowLog').some(
      (f) => f.properties.ResourceType === 'VPC' && f.properties.TrafficType === 'ALL' && refTarget(f.properties.ResourceId) === view.logicalId,
    );
    return covered ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
