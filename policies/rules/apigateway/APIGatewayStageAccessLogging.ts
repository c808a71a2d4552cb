import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

function hasDestination(settings: unknown): boolean {
  const arn = get(settings, 'DestinationArn');
  return arn !== undefined && arn !== null && arn !== '';
}

/** API Gateway stages (REST and HTTP/WebSocket) write access logs. */
export default defineRule({
  id: 'APIGatewayStageAccessLogging',
  level: NagMessageLevel.ERROR,
  info: 'The API Gateway stage does not write access logs (no access log destination).',
  explanation:
    'Access logs record who called which route, from where and with what result: the record needed to investigate misuse of an API that fronts patient data. Set AccessLogSetting.DestinationArn (REST, AWS::ApiGateway::Stage, or StageDescription of a Deployment that creates a stage) or AccessLogSettings.DestinationArn (HTTP and WebSocket, AWS::ApiGatewayV2::Stage) to a log group (apigateway.RestApi deployOptions.accessLogDestination; apigwv2 stage accessLogSettings).',
  resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGateway::Deployment'],
  controls: {
    'C1.a':
      'C1.a: API access logs are a monitoring data source for who called which route, from where, with what result',
    'NCSC-13':
      'NCSC-13: audit records of access to the service\'s API are collected',
  },
  source: 'CAF C1.a (monitoring coverage)',
  check: (node) => {
    const view = cfnView(node);
    switch (view.type) {
      case 'AWS::ApiGateway::Stage':
        return hasDestination(view.properties.AccessLogSetting) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
      case 'AWS::ApiGatewayV2::Stage':
        return hasDestination(view.properties.AccessLogSettings) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
      case 'AWS::ApiGateway::Deployment':
        // A deployment with StageName creates a stage implicitly, configured by StageDescription.
        if (view.properties.StageName === undefined) return NagRuleCompliance.NOT_APPLICABLE;
        return hasDestination(get(view.properties, 'StageDescription', 'AccessLogSetting')) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
      default:
        return NagRuleCompliance.NOT_APPLICABLE;
    }
  },
});
