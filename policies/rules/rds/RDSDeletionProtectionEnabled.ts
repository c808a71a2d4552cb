import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isTrue } from '../../cfn';
import { isDatabaseJudgedHere } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** RDS instances and Aurora clusters have deletion protection enabled. */
export default defineRule({
  id: 'RDSDeletionProtectionEnabled',
  level: NagMessageLevel.ERROR,
  info: 'The RDS DB instance or cluster does not have DeletionProtection: true.',
  explanation:
    'Deletion protection stops a stack update, a console click or a script from deleting a database that holds patient records. Set DeletionProtection: true (rds.DatabaseInstance / DatabaseCluster deletionProtection: true) alongside a Retain or Snapshot deletion policy. Instances in an Aurora cluster are protected through the cluster and are not checked.',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  controls: {
    'B3.c':
      'B3.c.2: the stored data is protected from deletion: the database cannot be deleted until protection is turned off',
    'NCSC-2':
      'NCSC-2 (resilience): protection against accidental or malicious deletion',
  },
  source: 'Rootstock non-negotiable: no data ever lost',
  check: (node) => {
    const view = cfnView(node);
    const p = view.properties;
    if (!isDatabaseJudgedHere(view)) return NagRuleCompliance.NOT_APPLICABLE;
    return isTrue(p.DeletionProtection) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
