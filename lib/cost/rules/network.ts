import type { PricingRule } from '../types';

/** NAT gateways, their public IPv4 addresses, interface endpoints and flow logs. */

const HOURS = 730;

/** A NAT gateway: hours, and its share of the traffic through all of the stack's gateways. */
export const natGateway: PricingRule = (ctx) => {
  const gateways = Object.values(ctx.resources).filter((r) => r.Type === 'AWS::EC2::NatGateway').length || 1;
  return [
    { priceId: 'nat.hour', item: 'NAT gateway hours', month12: HOURS },
    { priceId: 'nat.gb', item: `data processed (1/${gateways} of network.natGbPerMonth)`, month12: ctx.assumptions['network.natGbPerMonth'] / gateways, assumptions: ['network.natGbPerMonth'] },
  ];
};

/** An Elastic IP: every public IPv4 address is billed by the hour, in use or idle. */
export const elasticIp: PricingRule = () => [{ priceId: 'ipv4.hour', item: 'public IPv4 address hours', month12: HOURS }];

/** A VPC endpoint: interface endpoints bill per Availability Zone-hour and per GB; gateway endpoints (S3, DynamoDB) are free. */
export const vpcEndpoint: PricingRule = (ctx) => {
  const p = ctx.resource.Properties ?? {};
  if (p.VpcEndpointType !== 'Interface') return [];
  const zones = Array.isArray(p.SubnetIds) ? p.SubnetIds.length : 2;
  const service = typeof p.ServiceName === 'string' ? p.ServiceName.split('.').pop() : 'service';
  return [
    { priceId: 'endpoint.azHour', item: `${service} interface endpoint hours in ${zones} AZs`, month12: HOURS * zones },
    { priceId: 'endpoint.gb', item: `${service} endpoint data processed`, month12: ctx.assumptions['network.endpointGbPerMonth'], assumptions: ['network.endpointGbPerMonth'] },
  ];
};

/** A flow log: vended-log delivery to S3 (storage is priced on the bucket), or ingestion when it goes to CloudWatch Logs. */
export const flowLog: PricingRule = (ctx) => {
  const gb = ctx.assumptions['network.flowLogGbPerMonth'];
  const toLogs = ctx.resource.Properties?.LogDestinationType === 'cloud-watch-logs' || ctx.resource.Properties?.LogGroupName !== undefined;
  return [{ priceId: toLogs ? 'logs.ingestGb' : 'vendedLogs.s3Gb', item: toLogs ? 'flow log ingestion into CloudWatch Logs' : 'flow log delivery to S3 (vended logs)', month12: gb, assumptions: ['network.flowLogGbPerMonth'] }];
};
