// Regenerates the checked-in generated files: schema/trust.schema.json (and RULES.md once the
// rules catalogue renders it). Run `npm run generate`; tests fail when a generated file is stale.
import * as fs from 'fs';
import * as path from 'path';
import { generatedFiles } from '../lib/generated';

for (const [file, content] of Object.entries(generatedFiles())) {
  const target = path.join(__dirname, '..', file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  console.log(`wrote ${file}`);
}
