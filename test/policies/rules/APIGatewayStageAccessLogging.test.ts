import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Stack } from 'aws-cdk-lib';
import rule from '../../../policies/rules/apigateway/APIGatewayStageAccessLogging';
import { violationsOf } from '../harness';

describe('APIGatewayStageAccessLogging: API Gateway stages write access logs', () => {
  const restApi = (s: Stack, logged: boolean) => {
    const api = new apigw.RestApi(s, 'Api', {
      cloudWatchRole: false,
      deployOptions: logged ? { accessLogDestination: new apigw.LogGroupLogDestination(new logs.LogGroup(s, 'Access')) } : {},
    });
    api.root.addMethod('GET', new apigw.MockIntegration());
  };

  test('fails a RestApi stage without access logs (L2)', () => {
    expect(violationsOf(rule, (s) => restApi(s, false))).toEqual(['Api/DeploymentStage.prod/Resource']);
  });

  test('fails a CfnStage without AccessLogSetting (L1)', () => {
    expect(violationsOf(rule, (s) => new apigw.CfnStage(s, 'Stage', { restApiId: 'abc', deploymentId: 'def', stageName: 'prod' }))).toEqual(['Stage']);
  });

  test('fails an HttpApi default stage without access logs (L2)', () => {
    expect(violationsOf(rule, (s) => new apigwv2.HttpApi(s, 'Http'))).toEqual(['Http/DefaultStage/Resource']);
  });

  test('fails a v2 CfnStage without AccessLogSettings (L1)', () => {
    expect(violationsOf(rule, (s) => new apigwv2.CfnStage(s, 'Stage', { apiId: 'abc', stageName: '$default' }))).toEqual(['Stage']);
  });

  test('fails a CfnDeployment that creates a stage without access logs (L1)', () => {
    expect(violationsOf(rule, (s) => new apigw.CfnDeployment(s, 'Deploy', { restApiId: 'abc', stageName: 'prod' }))).toEqual(['Deploy']);
  });

  test('passes stages with access logs (REST and HTTP)', () => {
    expect(
      violationsOf(rule, (s) => {
        restApi(s, true);
        new apigwv2.CfnStage(s, 'Stage', { apiId: 'abc', stageName: 'live', accessLogSettings: { destinationArn: 'arn:aws:logs:eu-west-2:111111111111:log-group:api', format: '$context.requestId' } });
      }),
    ).toEqual([]);
  });

  test('does not apply to deployments that create no stage, or other resources', () => {
    expect(violationsOf(rule, (s) => new apigw.CfnDeployment(s, 'Deploy', { restApiId: 'abc' }))).toEqual([]);
  });
});
