import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/cognito/CognitoUserPoolMfaRequired';
import { violationsOf } from '../harness';

describe('CognitoUserPoolMfaRequired: user pools require MFA (ON, not OPTIONAL)', () => {
  test('fails a UserPool with optional MFA (L2)', () => {
    expect(violationsOf(rule, (s) => new cognito.UserPool(s, 'Pool', { mfa: cognito.Mfa.OPTIONAL, mfaSecondFactor: { otp: true, sms: false } }))).toEqual(['Pool/Resource']);
  });

  test('fails a UserPool with default (off) MFA (L2)', () => {
    expect(violationsOf(rule, (s) => new cognito.UserPool(s, 'Pool'))).toEqual(['Pool/Resource']);
  });

  test('fails a CfnUserPool with MfaConfiguration OFF (L1)', () => {
    expect(violationsOf(rule, (s) => new cognito.CfnUserPool(s, 'Pool', { mfaConfiguration: 'OFF' }))).toEqual(['Pool']);
  });

  test('passes a UserPool with required MFA', () => {
    expect(violationsOf(rule, (s) => new cognito.UserPool(s, 'Pool', { mfa: cognito.Mfa.REQUIRED, mfaSecondFactor: { otp: true, sms: false } }))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
