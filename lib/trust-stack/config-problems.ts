import type { TrustConfig } from '../config/schema';
import { fhirConfigProblems } from './fhir';
import { foundationsConfigProblems } from './foundations';
import { securityOperationsConfigProblems } from './security-operations';
import { identityConfigProblems } from './identity';
import type { ConfigProblem } from './settings';
import { trustStackConfigProblems } from './stack-problems';

/**
 * Everything the building blocks' own problem functions find in a validated trust config, each
 * placed at the config field its setting came from. The trust schema adds these as issues, so a
 * config that `rootstock validate` accepts is one the constructs accept.
 */
export function trustConfigProblems(config: TrustConfig): ConfigProblem[] {
  return [...trustStackConfigProblems(config), ...foundationsConfigProblems(config), ...identityConfigProblems(config), ...fhirConfigProblems(config), ...securityOperationsConfigProblems(config)];
}
