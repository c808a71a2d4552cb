import { RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import rule from '../../../policies/rules/cognito/CognitoUserPoolRetained';
import { violationsOf } from '../harness';

describe('CognitoUserPoolRetained: user pools are retained on stack deletion and replacement', () => {
  test('fails a user pool with removalPolicy DESTROY (L2)', () => {
    expect(violationsOf(rule, (s) => new cognito.UserPool(s, 'Pool', { removalPolicy: RemovalPolicy.DESTROY }))).toEqual(['Pool/Resource']);
  });

  test('fails a CfnUserPool without policies (L1)', () => {
    expect(violationsOf(rule, (s) => new cognito.CfnUserPool(s, 'Pool'))).toEqual(['Pool']);
  });

  test('passes a user pool with the default RETAIN removal policy', () => {
    expect(violationsOf(rule, (s) => new cognito.UserPool(s, 'Pool'))).toEqual([]);
  });

  test('does not apply to other Cognito resources', () => {
    expect(
      violationsOf(rule, (s) => {
        const pool = new cognito.UserPool(s, 'Pool');
        pool.addClient('Client');
      }),
    ).toEqual([]);
  });
});
