import type { PricingRule } from '../types';
import { httpApi, lambdaFunction, restApi, secret, ssmParameter, userPool, webAcl } from './compute';
import { backupVault, bucket, firehose, healthLake, logGroup } from './data';
import { elasticIp, flowLog, natGateway, vpcEndpoint } from './network';
import { alarm, configRecorder, configRule, guardDuty, kmsKey, securityHub, topic, trail } from './security';

/**
 * How each CloudFormation resource type is priced: a pricing rule, or the reason it costs
 * nothing by itself. A type in neither list cannot be estimated: the test over every synthesised
 * trust fails on it, so a new building block is priced, or marked free with why, before it ships.
 */

/** Resource types with a pricing rule. */
export const PRICED_TYPES: Readonly<Record<string, PricingRule>> = {
  'AWS::EC2::NatGateway': natGateway,
  'AWS::EC2::EIP': elasticIp,
  'AWS::EC2::VPCEndpoint': vpcEndpoint,
  'AWS::EC2::FlowLog': flowLog,
  'AWS::KMS::Key': kmsKey,
  'AWS::CloudTrail::Trail': trail,
  'AWS::CloudWatch::Alarm': alarm,
  'AWS::SNS::Topic': topic,
  'AWS::GuardDuty::Detector': guardDuty,
  'AWS::SecurityHub::Hub': securityHub,
  'AWS::Config::ConfigurationRecorder': configRecorder,
  'AWS::Config::ConfigRule': configRule,
  'AWS::S3::Bucket': bucket,
  'AWS::Logs::LogGroup': logGroup,
  'AWS::Backup::BackupVault': backupVault,
  'AWS::HealthLake::FHIRDatastore': healthLake,
  'AWS::KinesisFirehose::DeliveryStream': firehose,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::ApiGateway::RestApi': restApi,
  'AWS::ApiGatewayV2::Api': httpApi,
  'AWS::WAFv2::WebACL': webAcl,
  'AWS::Cognito::UserPool': userPool,
  'AWS::SecretsManager::Secret': secret,
  'AWS::SSM::Parameter': ssmParameter,
};

const CONFIG = 'configuration only: no charge of its own';

/** Resource types that cost nothing by themselves, with why (what they lead to is priced on the resource that bills it). */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  'AWS::CDK::Metadata': 'CDK analytics metadata: no AWS resource is billed',
  'AWS::IAM::Role': 'IAM is free',
  'AWS::IAM::ManagedPolicy': 'IAM is free',
  'AWS::IAM::Policy': 'IAM is free',
  'AWS::KMS::Alias': 'aliases are free; the key is priced',
  'AWS::EC2::VPC': 'a VPC is free; its NAT gateways, endpoints and addresses are priced',
  'AWS::EC2::Subnet': 'subnets are free',
  'AWS::EC2::RouteTable': 'route tables are free',
  'AWS::EC2::Route': 'routes are free',
  'AWS::EC2::SubnetRouteTableAssociation': 'route table associations are free',
  'AWS::EC2::InternetGateway': 'an internet gateway is free; traffic out is data transfer (not estimated)',
  'AWS::EC2::VPCGatewayAttachment': 'gateway attachments are free',
  'AWS::EC2::SecurityGroup': 'security groups are free',
  'AWS::EC2::SecurityGroupIngress': 'security group rules are free',
  'AWS::EC2::SecurityGroupEgress': 'security group rules are free',
  'AWS::EC2::NetworkAcl': 'network ACLs are free',
  'AWS::EC2::NetworkAclEntry': 'network ACL entries are free',
  'AWS::EC2::SubnetNetworkAclAssociation': 'network ACL associations are free',
  'AWS::Logs::LogStream': 'log streams are free; ingestion and storage are priced on the log group',
  'AWS::Logs::MetricFilter': 'metric filters are free; the custom metric they publish bills only in hours a matching event arrives (rare for CIS filters)',
  'AWS::Logs::ResourcePolicy': CONFIG,
  'AWS::Logs::SubscriptionFilter': 'subscription filters are free; the Firehose stream they feed is priced',
  'AWS::S3::BucketPolicy': CONFIG,
  'AWS::SNS::TopicPolicy': CONFIG,
  'AWS::SNS::Subscription': 'subscriptions are free; deliveries are priced on the topic',
  'AWS::Lambda::Permission': CONFIG,
  'AWS::ApiGateway::Account': 'account settings: no charge',
  'AWS::ApiGateway::Authorizer': 'authorisers are free; the authoriser function is priced',
  'AWS::ApiGateway::Deployment': 'deployments are free',
  'AWS::ApiGateway::Stage': 'stages without a cache are free; requests are priced on the API, access logs on the log group',
  'AWS::ApiGateway::Method': CONFIG,
  'AWS::ApiGateway::Model': CONFIG,
  'AWS::ApiGateway::RequestValidator': CONFIG,
  'AWS::ApiGateway::Resource': CONFIG,
  'AWS::ApiGateway::GatewayResponse': CONFIG,
  'AWS::ApiGatewayV2::Integration': CONFIG,
  'AWS::ApiGatewayV2::Route': CONFIG,
  'AWS::ApiGatewayV2::Stage': 'stages are free; requests are priced on the API, access logs on the log group',
  'AWS::Cognito::UserPoolClient': 'app clients are free (no client-credentials grants here)',
  'AWS::Cognito::UserPoolDomain': 'the hosted domain is free',
  'AWS::Cognito::UserPoolIdentityProvider': 'identity providers are free; federated users are priced as MAUs on the pool',
  'AWS::Config::DeliveryChannel': 'delivery is free; what it writes is stored in the archive bucket',
  'AWS::Config::RemediationConfiguration': 'remediation through an AWS-owned Automation runbook; runs only when the default security group gains a rule',
  'AWS::Events::Rule': 'rules matching AWS service events on the default bus are free; targets are priced',
  'AWS::Backup::BackupPlan': 'plans are free; storage is priced on the vault',
  'AWS::Backup::BackupSelection': 'selections are free',
  'AWS::SecurityHub::Standard': 'standards are free; their checks are priced on the hub',
  'AWS::WAFv2::WebACLAssociation': 'associations are free',
  'AWS::WAFv2::LoggingConfiguration': 'logging configuration is free; the logs are priced on the log group',
};
