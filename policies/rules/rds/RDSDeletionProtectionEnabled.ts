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
  controls: { dspt: ['B5.c', 'D1'], ncsc: [2], source: 'CAF-aligned DSPT B5.c and D1; Rootstock non-negotiable: no data ever lost' },
  check: (node) => {
    const view = cfnView(node);
    const p = view.properties;
    if (!isDatabaseJudgedHere(view)) return NagRuleCompliance.NOT_APPLICABLE;
    return isTrue(p.DeletionProtection) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
