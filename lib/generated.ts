import { trustJsonSchema } from './config/schema';
import { renderRulesMarkdown } from '../policies/rules-md';

/** Files generated from code, by path from the repository root: kept in git, checked by tests. */
export function generatedFiles(): Record<string, string> {
  return {
    'schema/trust.schema.json': `${JSON.stringify(trustJsonSchema(), null, 2)}\n`,
    'RULES.md': renderRulesMarkdown(),
  };
}
