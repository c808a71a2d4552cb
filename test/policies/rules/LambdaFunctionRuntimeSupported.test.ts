import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CfnParameter } from 'aws-cdk-lib';
import rule from '../../../policies/rules/lambda/LambdaFunctionRuntimeSupported';
import { violationsOf } from '../harness';

const code = lambda.Code.fromInline('exports.handler = async () => ({})');

describe('LambdaFunctionRuntimeSupported: Lambda functions use a runtime AWS still patches', () => {
  test('fails a function on a deprecated runtime (L2)', () => {
    expect(violationsOf(rule, (s) => new lambda.Function(s, 'Fn', { runtime: lambda.Runtime.NODEJS_16_X, handler: 'index.handler', code }))).toEqual(['Fn/Resource']);
  });

  test('fails python3.8 set by a property override (L1 view)', () => {
    expect(
      violationsOf(rule, (s) => {
        const fn = new lambda.Function(s, 'Fn', { runtime: lambda.Runtime.PYTHON_3_12, handler: 'index.handler', code });
        (fn.node.defaultChild as lambda.CfnFunction).addPropertyOverride('Runtime', 'python3.8');
      }),
    ).toEqual(['Fn/Resource']);
  });

  test('fails a runtime given by a parameter (cannot be judged)', () => {
    expect(
      violationsOf(rule, (s) => {
        const runtime = new CfnParameter(s, 'Runtime');
        new lambda.CfnFunction(s, 'Fn', { runtime: runtime.valueAsString, handler: 'index.handler', role: 'arn:aws:iam::111111111111:role/x', code: { zipFile: 'x' } });
      }),
    ).toEqual(['Fn']);
  });

  test('passes a supported runtime', () => {
    expect(violationsOf(rule, (s) => new lambda.Function(s, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code }))).toEqual([]);
  });

  test('does not apply to container-image functions or other resources', () => {
    expect(
      violationsOf(rule, (s) => {
        new lambda.CfnFunction(s, 'Image', { packageType: 'Image', role: 'arn:aws:iam::111111111111:role/x', code: { imageUri: '111111111111.dkr.ecr.eu-west-2.amazonaws.com/app:1' } });
        new sqs.Queue(s, 'Queue');
      }),
    ).toEqual([]);
  });
});
