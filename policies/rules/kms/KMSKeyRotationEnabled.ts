import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isIntrinsic, isTrue } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** Symmetric customer-managed KMS keys have automatic rotation enabled. */
export default defineRule({
  id: 'KMSKeyRotationEnabled',
  level: NagMessageLevel.ERROR,
  info: 'The symmetric KMS key does not have automatic key rotation enabled.',
  explanation:
    'Rotating key material limits the data protected by any one key version. Set EnableKeyRotation: true (kms.Key enableKeyRotation). Asymmetric and HMAC keys cannot rotate and are not checked.',
  resourceTypes: ['AWS::KMS::Key'],
  controls: {
    'B3.c':
      'B3.c.3: justified confidence in cryptographic protection of stored data; rotation limits what one key version protects',
    'NCSC-2':
      'NCSC-2: protects the keys that protect data at rest',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest, key management)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::KMS::Key') return NagRuleCompliance.NOT_APPLICABLE;
    const spec = view.properties.KeySpec ?? 'SYMMETRIC_DEFAULT';
    if (isIntrinsic(spec)) return NagRuleCompliance.NON_COMPLIANT;
    if (spec !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
    return isTrue(view.properties.EnableKeyRotation) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
