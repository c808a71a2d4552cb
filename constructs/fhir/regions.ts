import { Token } from 'aws-cdk-lib';

/**
 * The regions where Amazon HealthLake runs (AWS General Reference, "AWS HealthLake endpoints and
 * quotas", read 2026-11-28). A data store in any other region cannot be created.
 */
export const HEALTHLAKE_REGIONS: readonly string[] = ['us-east-1', 'us-east-2', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'ap-south-1', 'ap-southeast-2'];

/** Why the audited FHIR store cannot be deployed in `region`, or undefined when it can (or the region is not known at synth). */
export function healthLakeRegionProblem(region: string): string | undefined {
  if (Token.isUnresolved(region) || HEALTHLAKE_REGIONS.includes(region)) return undefined;
  return `has no Amazon HealthLake, so the audited FHIR store cannot be deployed there; got '${region}'. HealthLake runs in ${HEALTHLAKE_REGIONS.join(', ')}: use eu-west-2 (London), or turn fhir off for this trust`;
}
