import type { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import rule from '../../../policies/rules/lambda/LambdaUrlAuthRequired';
import { violationsOf } from '../harness';

describe('LambdaUrlAuthRequired: Lambda function URLs require IAM auth', () => {
  const fn = (s: Stack) =>
    new lambda.Function(s, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>1') });

  test('fails a function URL with AuthType NONE (L2)', () => {
    expect(violationsOf(rule, (s) => fn(s).addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE }))).toEqual(['Fn/FunctionUrl/Resource']);
  });

  test('fails a CfnUrl with AuthType NONE (L1)', () => {
    expect(violationsOf(rule, (s) => new lambda.CfnUrl(s, 'Url', { authType: 'NONE', targetFunctionArn: 'arn:aws:lambda:eu-west-2:111111111111:function:f' }))).toEqual(['Url']);
  });

  test('passes a function URL with AWS_IAM auth', () => {
    expect(violationsOf(rule, (s) => fn(s).addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM }))).toEqual([]);
  });

  test('does not apply to functions without URLs', () => {
    expect(violationsOf(rule, (s) => fn(s))).toEqual([]);
  });
});
