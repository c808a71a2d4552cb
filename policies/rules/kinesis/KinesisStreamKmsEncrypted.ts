import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { isCustomerKey } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** Kinesis data streams are encrypted with a customer-managed KMS key. */
export default defineRule({
  id: 'KinesisStreamKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The Kinesis data stream is not encrypted with a customer-managed KMS key.',
  explanation:
    'Streams carry logs and events to the SIEM and between services. Set StreamEncryption { EncryptionType: KMS, KeyId: <customer key> } (kinesis.Stream encryption: KMS with encryptionKey); alias/aws/kinesis (StreamEncryption.MANAGED) and unencrypted streams do not qualify.',
  resourceTypes: ['AWS::Kinesis::Stream'],
  controls: {
    'B3.c':
      'B3.c: a stream record is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2':
      'NCSC-2: a stream record at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Kinesis::Stream') return NagRuleCompliance.NOT_APPLICABLE;
    const enc = view.properties.StreamEncryption;
    return get(enc, 'EncryptionType') === 'KMS' && isCustomerKey(node, get(enc, 'KeyId')) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
