import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { isRetained } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** CloudWatch log groups are retained on stack deletion and replacement. */
export default defineRule({
  id: 'LogsLogGroupRetained',
  level: NagMessageLevel.ERROR,
  info: 'The CloudWatch log group is not retained on stack deletion and replacement.',
  explanation:
    'Logs are evidence: deleting a stack, or a change that replaces a log group, must not erase them before their retention period ends. Set DeletionPolicy: Retain and UpdateReplacePolicy: Retain (logs.LogGroup removalPolicy: RemovalPolicy.RETAIN, the CDK default); the group\'s RetentionInDays then expires events on schedule.',
  resourceTypes: ['AWS::Logs::LogGroup'],
  controls: {
    'C1.b':
      'C1.b: \'no system or user should ever need to modify or delete master copies of log data within an agreed retention period\': a deployment must not delete the group',
    'NCSC-13':
      'NCSC-13: the audit records stay available to the customer for their whole retention period',
  },
  source: 'NCSC CAF C1.b (securing logs)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Logs::LogGroup') return NagRuleCompliance.NOT_APPLICABLE;
    return isRetained(view) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
