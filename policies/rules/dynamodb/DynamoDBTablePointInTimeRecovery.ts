import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isIntrinsic, isTrue } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { asList } from '../same-stack';

function pitrOn(spec: unknown): boolean {
  return isTrue(get(spec, 'PointInTimeRecoveryEnabled'));
}

/** DynamoDB tables (and every replica of a global table) have point-in-time recovery enabled. */
export default defineRule({
  id: 'DynamoDBTablePointInTimeRecovery',
  level: NagMessageLevel.ERROR,
  info: 'The DynamoDB table (or a replica of the global table) does not have point-in-time recovery enabled.',
  explanation:
    'Point-in-time recovery restores a table to any second in the last 35 days after a bad deployment, a bug that overwrites records, or ransomware; without it the only recovery is from periodic backups. Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true (dynamodb.Table pointInTimeRecoverySpecification { pointInTimeRecoveryEnabled: true }; for AWS::DynamoDB::GlobalTable on every replica, TableV2 pointInTimeRecoverySpecification).',
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  controls: {
    'B5.c':
      'B5.c: \'accessible and ... current backups\': continuous backups restore the table to any second in 35 days',
    'NCSC-2':
      'NCSC-2 (resilience): table data can be recovered after corruption or deletion',
  },
  source: 'CAF B5.c (backups)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type === 'AWS::DynamoDB::Table') {
      return pitrOn(view.properties.PointInTimeRecoverySpecification) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    if (view.type !== 'AWS::DynamoDB::GlobalTable') return NagRuleCompliance.NOT_APPLICABLE;
    const replicas = view.properties.Replicas;
    if (isIntrinsic(replicas)) return NagRuleCompliance.NON_COMPLIANT;
    const list = asList(replicas);
    return list.length > 0 && list.every((r) => pitrOn(get(r, 'PointInTimeRecoverySpecification'))) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
