import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isTrue } from '../../cfn';
import { isCustomerKey } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** OpenSearch (and legacy Elasticsearch) domains encrypt at rest with a customer-managed KMS key. */
export default defineRule({
  id: 'OpenSearchDomainKmsEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The OpenSearch domain is not encrypted at rest with a customer-managed KMS key (EncryptionAtRestOptions Enabled and KmsKeyId).',
  explanation:
    'Search indexes hold copies of the documents and logs they index, often including patient identifiers. Set EncryptionAtRestOptions { Enabled: true, KmsKeyId: <customer key> } on AWS::OpenSearchService::Domain or AWS::Elasticsearch::Domain (opensearch.Domain encryptionAtRest { enabled: true, kmsKey }); without KmsKeyId the domain uses the AWS-managed aws/es key.',
  resourceTypes: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'],
  controls: {
    'B3.c': 'B3.c: indexed documents are stored data protected by technical means (B3.c.2) with cryptography the trust controls (B3.c.3)',
    'NCSC-2': 'NCSC-2: index data at rest is encrypted under a customer-managed key',
  },
  source: 'NHS Cloud Security Good Practice Guide (encryption at rest); NHS Cloud Centre of Excellence direction (AES-256 at rest)',
  check: (node) => {
    const opts = cfnView(node).properties.EncryptionAtRestOptions;
    return isTrue(get(opts, 'Enabled')) && isCustomerKey(node, get(opts, 'KmsKeyId')) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
