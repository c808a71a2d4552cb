import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isTrue } from '../../cfn';
import { asList, stackResourcesOfType } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** Whether a registry scanning rule covers every repository (wildcard filter, scan on push or continuous). */
function coversAll(rule: unknown): boolean {
  const frequency = get(rule, 'ScanFrequency');
  return (
    (frequency === 'SCAN_ON_PUSH' || frequency === 'CONTINUOUS_SCAN') &&
    asList(get(rule, 'RepositoryFilters')).some((f) => get(f, 'Filter') === '*' && get(f, 'FilterType') === 'WILDCARD')
  );
}

/** ECR repositories scan images for known vulnerabilities on push (or the registry scans every repository). */
export default defineRule({
  id: 'ECRRepositoryScanOnPush',
  level: NagMessageLevel.ERROR,
  info: 'The ECR repository does not scan images for known vulnerabilities on push.',
  explanation:
    'Container images carry operating-system and library packages with published vulnerabilities; scanning on push reports them before the image runs. Set ImageScanningConfiguration.ScanOnPush: true (ecr.Repository imageScanOnPush: true), or add an AWS::ECR::RegistryScanningConfiguration in the same stack with ScanType ENHANCED and a rule that scans every repository (filter "*", SCAN_ON_PUSH or CONTINUOUS_SCAN) through Amazon Inspector.',
  resourceTypes: ['AWS::ECR::Repository'],
  controls: {
    'B4.d': "B4.d.1/B4.d.2: 'announced vulnerabilities for all software packages ... are tracked': every image is scanned for published CVEs",
    'NCSC-5': 'NCSC-5 (operational security): vulnerability management of what the service runs',
  },
  source: 'CAF B4.d (vulnerability management); NCSC cloud security principle 5',
  check: (node) => {
    if (isTrue(get(cfnView(node).properties, 'ImageScanningConfiguration', 'ScanOnPush'))) return NagRuleCompliance.COMPLIANT;
    const registry = stackResourcesOfType(node, 'AWS::ECR::RegistryScanningConfiguration').some(
      (r) => r.properties.ScanType === 'ENHANCED' && asList(r.properties.Rules).some(coversAll),
    );
    return registry ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
