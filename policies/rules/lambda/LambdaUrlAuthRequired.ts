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
  resourceTypes: ['AWS::Lambda::Url'],
  controls: {
    'B2.a':
      'B2.a: \'robustly verify, authenticate and authorise access\': the function URL only accepts signed, authorised callers',
    'NCSC-10':
      'NCSC-10 (identity and authentication): access to the interface is limited to authenticated identities',
    'NCSC-11':
      'NCSC-11: the function URL is an external interface and is not open to anonymous callers',
    'NCSC-14':
      'NCSC-14: the customer chooses AWS_IAM over the service\'s NONE option',
  },
  source: 'NCSC cloud security principles 10 and 11',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::Lambda::Url') return NagRuleCompliance.NOT_APPLICABLE;
    return view.properties.AuthType === 'AWS_IAM' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
