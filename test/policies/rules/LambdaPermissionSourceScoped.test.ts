import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Stack } from 'aws-cdk-lib';
import rule from '../../../policies/rules/lambda/LambdaPermissionSourceScoped';
import { violationsOf } from '../harness';

function fn(s: Stack): lambda.Function {
  return new lambda.Function(s, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})') });
}

describe('LambdaPermissionSourceScoped: service and public invoke permissions name their source', () => {
  test('fails a service principal without SourceArn or SourceAccount (L2 addPermission)', () => {
    expect(violationsOf(rule, (s) => fn(s).addPermission('S3', { principal: new iam.ServicePrincipal('s3.amazonaws.com') }))).toEqual(['Fn/S3']);
  });

  test('fails Principal "*" without a scoping condition (L1)', () => {
    expect(violationsOf(rule, (s) => new lambda.CfnPermission(s, 'Open', { action: 'lambda:InvokeFunction', functionName: fn(s).functionName, principal: '*' }))).toEqual(['Open']);
  });

  test('passes a service principal with SourceArn (as API Gateway integrations write it) or SourceAccount, and "*" limited to an organisation', () => {
    expect(
      violationsOf(rule, (s) => {
        const f = fn(s);
        f.addPermission('Api', { principal: new iam.ServicePrincipal('apigateway.amazonaws.com'), sourceArn: 'arn:aws:execute-api:eu-west-2:111111111111:abc123/*' });
        f.addPermission('Events', { principal: new iam.ServicePrincipal('events.amazonaws.com'), sourceAccount: '111111111111' });
        new lambda.CfnPermission(s, 'Org', { action: 'lambda:InvokeFunction', functionName: f.functionName, principal: '*', principalOrgId: 'o-abc123def4' });
      }),
    ).toEqual([]);
  });

  test('passes a permission for a named account', () => {
    expect(violationsOf(rule, (s) => fn(s).grantInvoke(new iam.AccountPrincipal('222222222222')))).toEqual([]);
  });

  test('does not apply to other resources', () => {
    expect(violationsOf(rule, (s) => new sqs.Queue(s, 'Queue'))).toEqual([]);
  });
});
