import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** Lambda function URLs require IAM authentication (AuthType AWS_IAM, not NONE). */
export default defineRule({
  id: 'LambdaUrlAuthRequired',
  level: NagMessageLevel.ERROR,
  info: 'The Lambda function URL does not require IAM authentication (AuthType is not AWS_IAM).',
  explanation:
    'A function URL with AuthType NONE lets anyone on the internet invoke the function, bypassing API Gateway authorisers, throttling and access logs. Set AuthType: AWS_IAM (fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM })) or put the function behind API Gateway with an authoriser.',
  controls: { dspt: ['B2.a', 'B4.b'], ncsc: [10, 11], source: 'NCSC cloud security principles 10 (identity and authentication) and 11; DSPT B2.a' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Lambda::Url') return NagRuleCompliance.NOT_APPLICABLE;
    return view.properties.AuthType === 'AWS_IAM' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
