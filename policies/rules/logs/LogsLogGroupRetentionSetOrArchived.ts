import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isIntrinsic } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { refTarget, sameStackResources } from '../same-stack';

/** Log groups either set RetentionInDays or stream to an archive through a subscription filter. */
export default defineRule({
  id: 'LogsLogGroupRetentionSetOrArchived',
  level: NagMessageLevel.ERROR,
  info: 'The CloudWatch log group never expires (no RetentionInDays) and is not subscribed to an archive.',
  explanation:
    'A log group with no retention keeps everything for ever: personal data in logs outlives any lawful purpose (UK GDPR storage limitation, Records Management Code) and nothing governs its deletion. Set RetentionInDays (180 or more). Exemption: a group with no RetentionInDays passes when an AWS::Logs::SubscriptionFilter in the same stack streams it elsewhere (to the SIEM or the Object Lock archive), because the archive then holds the record under its own retention; the filter must reference the group by Ref or by the same literal LogGroupName.',
  resourceTypes: ['AWS::Logs::LogGroup'],
  controls: {
    'C1.b':
      'C1.b: log data is held for \'an agreed retention period, after which it should be deleted\': a group that never expires has no agreed period',
    'NCSC-13':
      'NCSC-13: how long audit records are kept is defined, in the group or in the archive it streams to',
  },
  source: 'CAF C1.b (securing logs); Records Management Code of Practice 2021',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Logs::LogGroup') return NagRuleCompliance.NOT_APPLICABLE;
    if (view.properties.RetentionInDays !== undefined) return NagRuleCompliance.COMPLIANT;
    const name = view.properties.LogGroupName;
    const subscribed = sameStackResources(node, 'AWS::Logs::SubscriptionFilter').some((f) => {
      const target = f.properties.LogGroupName;
      if (refTarget(target) === view.logicalId) return true;
      return typeof name === 'string' && !isIntrinsic(name) && target === name;
    });
    return subscribed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
