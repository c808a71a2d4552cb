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
  controls: { dspt: ['B5.c', 'B3.c'], ncsc: [2], source: 'Records Management Code of Practice 2021 (adult records 8 years); DSPT B5.c' },
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::HealthLake::FHIRDatastore') return NagRuleCompliance.NOT_APPLICABLE;
    return isRetained(view) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
