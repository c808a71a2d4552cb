import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** KMS keys keep the longest pending-deletion window (30 days). */
export default defineRule({
  id: 'KMSKeyDeletionWindowMaximum',
  level: NagMessageLevel.WARN,
  info: 'The KMS key has a pending-deletion window shorter than 30 days.',
  explanation:
    'When a key is scheduled for deletion, the pending window is the only time to notice and cancel before the data it protects is lost for good. Leave PendingWindowInDays unset (30 days) or set it to 30 (kms.Key pendingWindow: Duration.days(30)).',
  resourceTypes: ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey'],
  controls: {
    'B3.c':
      'B3.c.2: protect stored data from deletion: the 30-day window is the last chance to cancel a key deletion that would make data unreadable',
    'NCSC-2':
      'NCSC-2 (resilience): a mistaken or malicious key deletion can be noticed and reversed',
  },
  source: 'NHS Cloud Security Good Practice Guide (key management)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::KMS::Key' && view.type !== 'AWS::KMS::ReplicaKey') return NagRuleCompliance.NOT_APPLICABLE;
    const days = view.properties.PendingWindowInDays;
    if (days === undefined) return NagRuleCompliance.COMPLIANT;
    const n = typeof days === 'number' ? days : typeof days === 'string' && /^\d+$/.test(days) ? Number(days) : NaN;
    return n >= 30 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
