import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import rule from '../../../policies/rules/cognito/CognitoUserPoolStrongPasswordPolicy';
import { violationsOf } from '../harness';

describe('CognitoUserPoolStrongPasswordPolicy: passwords of 12+ characters, temporary passwords for 7 days or less', () => {
  test('fails a UserPool with the default 8-character minimum (L2)', () => {
    expect(violationsOf(rule, (s) => new cognito.UserPool(s, 'Pool'))).toEqual(['Pool/Resource']);
  });

  test('fails a UserPool whose temporary passwords last 30 days (L2)', () => {
    expect(violationsOf(rule, (s) => new cognito.UserPool(s, 'Pool', { passwordPolicy: { minLength: 14, tempPasswordValidity: Duration.days(30) } }))).toEqual(['Pool/Resource']);
  });

  test('fails a CfnUserPool with no password policy (L1)', () => {
    expect(violationsOf(rule, (s) => new cognito.CfnUserPool(s, 'Pool'))).toEqual(['Pool']);
  });

  test('fails a CfnUserPool with a 10-character minimum (L1)', () => {
    expect(violationsOf(rule, (s) => new cognito.CfnUserPool(s, 'Pool', { policies: { passwordPolicy: { minimumLength: 10 } } }))).toEqual(['Pool']);
  });

  test('passes a 12-character minimum with 7-day temporary passwords, without character-class rules', () => {
    expect(
      violationsOf(
        rule,
        (s) =>
          new cognito.UserPool(s, 'Pool', {
            passwordPolicy: { minLength: 12, requireDigits: false, requireSymbols: false, requireUppercase: false, requireLowercase: false, tempPasswordValidity: Duration.days(7) },
          }),
      ),
    ).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
