import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { isRetained } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** KMS keys are retained when their stack is deleted or they are replaced. */
export default defineRule({
  id: 'KMSKeyRetained',
  level: NagMessageLevel.ERROR,
  info: 'The KMS key is not retained on stack deletion and replacement (DeletionPolicy and UpdateReplacePolicy Retain).',
  explanation:
    'Deleting a key makes everything encrypted under it unreadable, including backups and archived audit logs. Set DeletionPolicy: Retain and UpdateReplacePolicy: Retain (kms.Key removalPolicy: RemovalPolicy.RETAIN, the CDK default). Delete keys deliberately, through the KMS console or API with a pending window, never as a side effect of a deployment.',
  resourceTypes: ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey'],
  controls: {
    'B3.c':
      'B3.c.2: protect stored data from \'deletion\': deleting the key makes everything encrypted under it unreadable',
    'NCSC-2':
      'NCSC-2 (asset protection and resilience): the key survives stack deletion and replacement, so the data it protects stays available',
  },
  source: 'NHS Cloud Security Good Practice Guide (key management); Rootstock non-negotiable: stateful resources retained',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::KMS::Key' && view.type !== 'AWS::KMS::ReplicaKey') return NagRuleCompliance.NOT_APPLICABLE;
    return isRetained(view) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
