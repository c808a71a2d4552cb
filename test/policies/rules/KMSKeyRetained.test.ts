import { CfnDeletionPolicy, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/kms/KMSKeyRetained';
import { violationsOf } from '../harness';

describe('KMSKeyRetained: KMS keys are retained on stack deletion and replacement', () => {
  test('fails a key with removalPolicy DESTROY (L2)', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key', { removalPolicy: RemovalPolicy.DESTROY }))).toEqual(['Key/Resource']);
  });

  test('fails a CfnKey without policies, which CloudFormation deletes (L1)', () => {
    expect(violationsOf(rule, (s) => new kms.CfnKey(s, 'Key'))).toEqual(['Key']);
  });

  test('fails a key retained on deletion but not on replacement', () => {
    expect(
      violationsOf(rule, (s) => {
        const key = new kms.CfnKey(s, 'Key');
        key.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
        key.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.DELETE;
      }),
    ).toEqual(['Key']);
  });

  test('passes a key with the default RETAIN removal policy, and a CfnKey retained both ways', () => {
    expect(
      violationsOf(rule, (s) => {
        new kms.Key(s, 'Key');
        new kms.CfnKey(s, 'Raw').applyRemovalPolicy(RemovalPolicy.RETAIN);
      }),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue', { removalPolicy: RemovalPolicy.DESTROY }))).toEqual([]);
  });
});
