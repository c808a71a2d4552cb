import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** RDS DB instances say PubliclyAccessible: false. */
export default defineRule({
  id: 'RDSInstanceNotPubliclyAccessible',
  level: NagMessageLevel.ERROR,
  info: 'The RDS DB instance is publicly accessible, or does not say PubliclyAccessible: false.',
  explanation:
    'A publicly accessible instance gets an internet-resolvable address. When PubliclyAccessible is absent, RDS makes the instance public if its subnets route to an internet gateway (or it sits in the default VPC), so the rule requires an explicit false. Set PubliclyAccessible: false (rds.DatabaseInstance publiclyAccessible: false, in isolated or private subnets).',
  resourceTypes: ['AWS::RDS::DBInstance'],
  controls: {
    'B3.c':
      'B3.c.2: the stored data in the database is protected from unauthorised access: no public endpoint',
    'NCSC-11':
      'NCSC-11: the database is not an external interface',
    'NCSC-14':
      'NCSC-14: the customer-chosen PubliclyAccessible option is set to the safe value',
  },
  source: 'NCSC cloud security principle 11 (external interface protection); NHS Cloud Security Good Practice Guide',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::RDS::DBInstance') return NagRuleCompliance.NOT_APPLICABLE;
    const v = view.properties.PubliclyAccessible;
    return v === false || v === 'false' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
