import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { asNumber } from '../same-stack';

/** The security log minimum: 6 months (180 days). */
export const SECURITY_LOG_MINIMUM_DAYS = 180;

/** Log groups with a retention keep logs for at least 180 days. */
export default defineRule({
  id: 'LogsLogGroupRetentionMinimum',
  level: NagMessageLevel.ERROR,
  info: 'The CloudWatch log group keeps logs for fewer than 180 days.',
  explanation:
    'Incidents are often found months after they start; investigators need at least six months of security logs (the NCSC minimum relayed by DSPT C1; Rootstock keeps audit logs tied to records for 8 years). Set RetentionInDays to 180 or more (logs.LogGroup retention: logs.RetentionDays.SIX_MONTHS or longer). A group with no RetentionInDays is judged by LogsLogGroupRetentionSetOrArchived.',
  resourceTypes: ['AWS::Logs::LogGroup'],
  controls: {
    'C1.b':
      'C1.b: log data is kept for \'an agreed retention period\' of at least six months before deletion',
    'NCSC-13':
      'NCSC-13: audit records are available for as long as investigations need them',
  },
  source: 'NCSC guidance relayed by DSPT C1 (security logs at least 6 months); Rootstock policy default',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Logs::LogGroup') return NagRuleCompliance.NOT_APPLICABLE;
    const raw = view.properties.RetentionInDays;
    if (raw === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const days = asNumber(raw);
    return days !== undefined && days >= SECURITY_LOG_MINIMUM_DAYS ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
