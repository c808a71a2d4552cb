import type { Hazard } from '../core/hazards';

/** Clinical hazards of the trust's network (TrustNetwork). */
export const TRUST_NETWORK_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-NET-001',
    title: 'Loss of an Availability Zone or its NAT gateway cuts the gateway and sign-in off from the services they call',
    cause: 'An AWS Availability Zone outage, or a single NAT gateway failing, while the functions that verify tokens and sign assertions need outbound access to NHS identity services.',
    effect: 'Staff cannot sign in and the FHIR gateway cannot verify tokens, so clinical applications cannot read or write records until the zone recovers.',
    harm: 'Delayed treatment while records are unavailable.',
    initialRisk: { severity: 3, likelihood: 3 },
    controls: [
      {
        description: 'Subnets span two or more Availability Zones; production trusts get one NAT gateway per zone.',
        implementedBy: 'TrustNetwork (maxAzs >= 2, natGateways per AZ in prod via the network mapper)',
        evidence: { file: 'test/constructs/network/trust-network.test.ts', test: 'TrustNetwork builds the VPC from the CIDR, with private, isolated and NAT-only public subnets over 2 AZs' },
      },
      {
        description: 'A single-AZ network is refused at validation.',
        implementedBy: 'trustNetworkProblems (maxAzs)',
        evidence: { file: 'test/constructs/network/trust-network.test.ts', test: 'TrustNetwork fails a single AZ' },
      },
    ],
    residualRisk: { severity: 3, likelihood: 1 },
    deployerActions: ['Keep dev and test trusts, which share one NAT gateway, out of clinical use.', 'Include an AWS zone outage in the trust\'s business continuity plan.'],
  },
  {
    id: 'HAZ-NET-002',
    title: 'Patient data crosses the internet between the trust\'s functions and AWS services',
    cause: 'Calls from the gateway and identity functions to KMS, HealthLake, Secrets Manager or CloudWatch Logs leave the VPC through the NAT gateway.',
    effect: 'Patient data or keys are exposed to interception outside the trust\'s network boundary.',
    harm: 'Breach of confidentiality of patient records.',
    initialRisk: { severity: 3, likelihood: 2 },
    controls: [
      {
        description: 'Interface endpoints with private DNS keep calls to AWS services inside the VPC; only HTTPS from the VPC reaches them.',
        implementedBy: 'TrustNetwork (interface endpoints, endpoint security group)',
        evidence: { file: 'test/constructs/network/trust-network.test.ts', test: 'TrustNetwork lets only HTTPS from the VPC reach the endpoints' },
      },
    ],
    residualRisk: { severity: 3, likelihood: 1 },
    deployerActions: ['Route any new service the trust adds through an interface endpoint (TrustNetwork.addInterfaceEndpoint).'],
  },
];
