import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/** Stacks create no IAM access keys (no AWS::IAM::AccessKey resources). */
export default defineRule({
  id: 'IAMUserNoAccessKeys',
  level: NagMessageLevel.ERROR,
  info: 'The stack creates an IAM access key (AWS::IAM::AccessKey).',
  explanation:
    'Access keys are long-lived secrets that leak through code, laptops and logs, and a key created by a stack lands in its outputs or a secret that many can read. Workloads use IAM roles (instance profiles, execution roles, IAM Roles Anywhere for on-premises systems); people use IAM Identity Center. Remove the AWS::IAM::AccessKey (iam.AccessKey).',
  resourceTypes: ['AWS::IAM::AccessKey'],
  controls: {
    'B2.a':
      'B2.a: workloads authenticate with short-lived role credentials, not long-lived secrets',
    'B2.d':
      'B2.d: credentials of systems accessing the service are managed and rotated by the platform',
    'NCSC-9':
      'NCSC-9: no unmanaged long-lived credentials for service access',
    'NCSC-10':
      'NCSC-10: authentication does not rest on a static key that can leak',
  },
  source: 'NCSC cloud security principles 9 and 10',
  check: (node) => {
    const view = cfnView(node);
    return view.type === 'AWS::IAM::AccessKey' ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.NOT_APPLICABLE;
  },
});
