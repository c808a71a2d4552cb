import * as kms from 'aws-cdk-lib/aws-kms';
import rule from '../../../policies/rules/kms/KMSKeyRotationEnabled';
import { violationsOf } from '../harness';

describe('KMSKeyRotationEnabled: symmetric customer-managed keys rotate automatically', () => {
  test('fails a kms.Key without rotation (L2)', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key'))).toEqual(['Key/Resource']);
  });

  test('fails a CfnKey with EnableKeyRotation false (L1)', () => {
    expect(violationsOf(rule, (s) => new kms.CfnKey(s, 'Key', { enableKeyRotation: false }))).toEqual(['Key']);
  });

  test('fails a key whose rotation is switched off by a property override', () => {
    expect(
      violationsOf(rule, (s) => {
        const key = new kms.Key(s, 'Key', { enableKeyRotation: true });
        (key.node.defaultChild as kms.CfnKey).addPropertyOverride('EnableKeyRotation', false);
      }),
    ).toEqual(['Key/Resource']);
  });

  test('passes a rotating key', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key', { enableKeyRotation: true }))).toEqual([]);
  });

  test('does not apply to asymmetric keys or other resources', () => {
    expect(violationsOf(rule, (s) => new kms.Key(s, 'Key', { keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.SIGN_VERIFY }))).toEqual([]);
  });
});
