import { NagRuleCompliance } from 'cdk-nag';
import { Stack } from 'aws-cdk-lib';
import { cfnView, get } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { tagValue } from '../same-stack';

/** The tag that names a stack's environment; `prod` marks production. */
export const ENVIRONMENT_TAG = 'nhs:environment';

/** HealthLake FHIR data stores in a prod-tagged stack are not preloaded with synthetic (Synthea) data. */
export default defineRule({
  id: 'HealthLakeDatastoreNoSyntheticDataInProd',
  level: NagMessageLevel.ERROR,
  info: 'The HealthLake FHIR data store in a production stack is preloaded with synthetic (SYNTHEA) data.',
  explanation:
    'Synthetic patients mixed with real ones in a production record store can be mistaken for real people in clinical searches, analytics and submissions, and cannot be removed without replacing the store (PreloadDataConfig forces replacement, which deletes its data). Remove PreloadDataConfig from production data stores; preload only in dev and test. Production is a resource or stack tag nhs:environment=prod; an environment tag that cannot be resolved is treated as production.',
  resourceTypes: ['AWS::HealthLake::FHIRDatastore'],
  controls: {
    'B4.b':
      'B4.b.2: production conforms to its defined baseline: a live record store is not built with test data preloaded',
    'NCSC-14':
      'NCSC-14 (secure use of the service): the customer understands the preload option and its implications (it cannot be undone without replacing the store)',
  },
  source: 'DCB0160 clinical safety (hazard: synthetic records in live care); CAF B4.b',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::HealthLake::FHIRDatastore') return NagRuleCompliance.NOT_APPLICABLE;
    const preload = view.properties.PreloadDataConfig;
    if (preload === undefined) return NagRuleCompliance.COMPLIANT;
    const type = get(preload, 'PreloadDataType');
    const synthetic = type === 'SYNTHEA' || typeof type !== 'string';
    if (!synthetic) return NagRuleCompliance.COMPLIANT;
    const resourceEnv = tagValue(view.properties.Tags, ENVIRONMENT_TAG);
    const stackEnv = Stack.of(node).tags.tagValues()[ENVIRONMENT_TAG];
    const envs = [resourceEnv, stackEnv].filter((v) => v !== undefined);
    // Unresolvable environment values fail closed: they could be prod.
    const prod = envs.some((v) => typeof v !== 'string' || v === 'prod' || v.startsWith('${Token['));
    return prod ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
});
