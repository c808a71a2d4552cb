import { CfnParameter } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/sns/SNSTopicKmsEncrypted';
import { violationsOf } from '../harness';

describe('SNSTopicKmsEncrypted: topics are encrypted with a customer-managed KMS key', () => {
  test('fails an unencrypted topic (L2)', () => {
    expect(violationsOf(rule, (s) => new sns.Topic(s, 'Topic'))).toEqual(['Topic/Resource']);
  });

  test('fails a topic using the AWS-managed alias/aws/sns key (L2)', () => {
    expect(violationsOf(rule, (s) => new sns.Topic(s, 'Topic', { masterKey: kms.Alias.fromAliasName(s, 'Managed', 'alias/aws/sns') }))).toEqual(['Topic/Resource']);
  });

  test('fails a CfnTopic whose key comes from a parameter it cannot judge (L1)', () => {
    expect(
      violationsOf(rule, (s) => new sns.CfnTopic(s, 'Topic', { kmsMasterKeyId: new CfnParameter(s, 'KeyId').valueAsString })),
    ).toEqual(['Topic']);
  });

  test('passes topics encrypted with a stack key (L2) and a customer alias resource (L1)', () => {
    expect(
      violationsOf(rule, (s) => {
        const key = new kms.Key(s, 'Key');
        new sns.Topic(s, 'Topic', { masterKey: key });
        const alias = new kms.CfnAlias(s, 'Alias', { aliasName: 'alias/trust-alerts', targetKeyId: key.keyId });
        new sns.CfnTopic(s, 'ByAlias', { kmsMasterKeyId: alias.ref });
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.CfnQueue(s, 'Queue'))).toEqual([]);
  });
});
