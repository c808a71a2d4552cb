import { Aws, type Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DesignFindings } from '../../constructs/core/design-findings';

/**
 * API Gateway's account-wide CloudWatch Logs role, which REST API execution logging needs.
 * One per account and region: a trust stack owns its account. Ids `ApiGatewayLogsRole`,
 * `ApiGatewayLogsPolicy`, `ApiGatewayAccount`.
 */
export function addApiGatewayAccountLogging(stack: Stack): void {
  const role = new iam.Role(stack, 'ApiGatewayLogsRole', {
    assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    description: 'Lets API Gateway write REST API execution logs to CloudWatch Logs.',
  });
  const policy = new iam.ManagedPolicy(stack, 'ApiGatewayLogsPolicy', {
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
        resources: [`arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:API-Gateway-Execution-Logs_*`],
      }),
    ],
  });
  DesignFindings.of(policy).add(
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:API-Gateway-Execution-Logs_*]',
    "API Gateway names each REST API's execution log group at run time (API-Gateway-Execution-Logs_<api id>/<stage>); the grant is limited to that prefix.",
  );
  const account = new apigateway.CfnAccount(stack, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
  account.node.addDependency(role);
}
