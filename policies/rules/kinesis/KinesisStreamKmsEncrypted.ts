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
  controls: { dspt: ['B3.c'], ncsc: [2], source: 'NHS Cloud Security Good Practice Guide (encryption at rest); DSPT B3.c' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Kinesis::Stream') return NagRuleCompliance.NOT_APPLICABLE;
    const enc = view.properties.StreamEncryption;
    return get(enc, 'EncryptionType') === 'KMS' && isCustomerKey(node, get(enc, 'KeyId')) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
