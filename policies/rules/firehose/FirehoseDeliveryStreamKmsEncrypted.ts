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
  controls: { dspt: ['B3.c'], ncsc: [2], source: 'NHS Cloud Security Good Practice Guide (encryption at rest); DSPT B3.c' },
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
