import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { isRetained } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** HealthLake FHIR data stores are retained on stack deletion and replacement. */
export default defineRule({
  id: 'HealthLakeDatastoreRetained',
  level: NagMessageLevel.ERROR,
  info: 'The HealthLake FHIR data store is not retained on stack deletion and replacement.',
  explanation:
    'A FHIR store holds patient records that must be kept for years under the Records Management Code of Practice. Changing its name, FHIR version, preload, encryption or authorization strategy replaces the store and deletes its data. Set DeletionPolicy: Retain and UpdateReplacePolicy: Retain (CfnFHIRDatastore applyRemovalPolicy(RemovalPolicy.RETAIN)).',
  resourceTypes: ['AWS::HealthLake::FHIRDatastore'],
  controls: {
    'B3.c':
      'B3.c.2: protect stored patient records from deletion: a replacing change or stack deletion would delete the store',
    'NCSC-2':
      'NCSC-2: the patient record survives infrastructure change',
  },
  source: 'Records Management Code of Practice 2021 (adult records 8 years); Rootstock non-negotiable: stateful resources retained',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::HealthLake::FHIRDatastore') return NagRuleCompliance.NOT_APPLICABLE;
    return isRetained(view) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
