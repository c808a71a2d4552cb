import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { nonUkRegionFindings, UK_REGIONS } from './uk-regions';

/** Resources name no region outside the UK in their properties (ARNs, endpoints, Region properties, replicas). */
export default defineRule({
  id: 'ResidencyRegionReferencesUk',
  level: NagMessageLevel.ERROR,
  info: 'The resource names a region outside the UK (reported per region) in an ARN, an AWS endpoint or a Region property.',
  explanation:
    'NHS data at rest stays in the UK (' +
    UK_REGIONS.join(', ') +
    ') unless the trust records an approved exception. A resource that names another region sends or copies data there: DynamoDB global table replicas, cross-region replication, queues, topics, keys or streams in another region, regional endpoints. Each non-UK region is a separate finding (NHS-ResidencyRegionReferencesUk[us-east-1]); a region that cannot be resolved is reported as [unresolved-region]. Point the resource at a UK resource, or acknowledge the finding naming the approved exception. ARNs with an empty region (IAM, S3, CloudFront, Route 53) and the stack\'s own region (AWS::Region) are fine.',
  resourceTypes: '*',
  controls: {
    'B3.c':
      'B3.c.2: suitable physical means protect stored data: NHS offshoring guidance applies it as data at rest in the UK unless the SIRO approves otherwise',
    'NCSC-2':
      'NCSC-2.1 (physical location and legal jurisdiction): the resource places no data outside UK regions',
  },
  source: 'NHS offshoring guidance (2022); NHS Cloud Centre of Excellence direction (data at rest in the UK)',
  check: (node) => {
    const view = cfnView(node);
    const findings = nonUkRegionFindings(view.properties);
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
});
