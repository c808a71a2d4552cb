import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { isCustomerKey } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** Firehose delivery streams encrypt buffered data with a customer-managed KMS key, unless their source is a Kinesis stream. */
export default defineRule({
  id: 'FirehoseDeliveryStreamKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The Firehose delivery stream does not encrypt data with a customer-managed KMS key.',
  explanation:
    'Firehose buffers records (often logs bound for the SIEM) before delivery. For a direct-put stream set DeliveryStreamEncryptionConfigurationInput { KeyType: CUSTOMER_MANAGED_CMK, KeyARN: <customer key> } (firehose.DeliveryStream encryption: StreamEncryption.customerManagedKey(key)); AWS_OWNED_CMK does not qualify. A stream whose source is a Kinesis data stream (KinesisStreamAsSource) relies on the source stream\'s encryption, which KinesisStreamKmsEncrypted judges.',
  resourceTypes: ['AWS::KinesisFirehose::DeliveryStream'],
  controls: {
    'B3.c':
      'B3.c: a buffered Firehose record is stored data protected by technical means (B3.c.2) with cryptography the trust controls and can revoke (B3.c.3)',
    'NCSC-2':
      'NCSC-2: a buffered Firehose record at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::KinesisFirehose::DeliveryStream') return NagRuleCompliance.NOT_APPLICABLE;
    if (view.properties.DeliveryStreamType === 'KinesisStreamAsSource') return NagRuleCompliance.NOT_APPLICABLE;
    const enc = view.properties.DeliveryStreamEncryptionConfigurationInput;
    return get(enc, 'KeyType') === 'CUSTOMER_MANAGED_CMK' && isCustomerKey(node, get(enc, 'KeyARN'))
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
});
