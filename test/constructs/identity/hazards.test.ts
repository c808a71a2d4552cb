import * as fs from 'fs';
import * as path from 'path';
import { TRUST_IDENTITY_HAZARDS } from '../../../constructs/identity/hazards';

const repo = path.join(__dirname, '..', '..', '..');

/** Every `describe` / `test` title in a test file, with nesting ignored: enough to find "<describe> <test>". */
function titles(file: string): { describes: string[]; tests: string[] } {
  const text = fs.readFileSync(file, 'utf8');
  const found = (fn: string) => [...text.matchAll(new RegExp(`\\b${fn}\\((['"\`])((?:\\\\.|(?!\\1).)*)\\1`, 'g'))].map((m) => m[2].replace(/\\(.)/g, '$1'));
  return { describes: found('describe'), tests: found('test') };
}

describe('TRUST_IDENTITY_HAZARDS', () => {
  test('every control is traced to code that exists and to a test that exists under its full name', () => {
    for (const hazard of TRUST_IDENTITY_HAZARDS) {
      for (const control of hazard.controls) {
        // GIVEN the control's evidence WHEN its file is read THEN a describe and a test in it make up the full name
        const file = path.join(repo, control.evidence.file);
        expect({ id: hazard.id, file: control.evidence.file, exists: fs.existsSync(file) }).toEqual({ id: hazard.id, file: control.evidence.file, exists: true });
        const { describes, tests } = titles(file);
        const named = describes.some((d) => tests.some((t) => `${d} ${t}` === control.evidence.test));
        expect({ id: hazard.id, test: control.evidence.test, named }).toEqual({ id: hazard.id, test: control.evidence.test, named: true });
        if (control.implementedBy.startsWith('constructs/')) expect(fs.existsSync(path.join(repo, control.implementedBy))).toBe(true);
      }
    }
  });
});
