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
  controls: { dspt: ['C1.a', 'C1.b'], ncsc: [13], source: 'CAF-aligned DSPT C1 (security logs never below 6 months, NCSC guidance); Rootstock policy default' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Logs::LogGroup') return NagRuleCompliance.NOT_APPLICABLE;
    const raw = view.properties.RetentionInDays;
    if (raw === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const days = asNumber(raw);
    return days !== undefined && days >= SECURITY_LOG_MINIMUM_DAYS ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
