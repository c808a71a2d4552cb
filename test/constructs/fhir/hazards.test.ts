import * as fs from 'fs';
import * as path from 'path';
import { AUDITED_FHIR_STORE_HAZARDS, auditedFhirStoreHazards } from '../../../constructs/fhir/hazards';

const repo = path.join(__dirname, '..', '..', '..');

/** Every `describe` / `test` title in a test file, with nesting ignored: enough to find "<describe> <test>". */
function titles(file: string): { describes: string[]; tests: string[] } {
  const text = fs.readFileSync(file, 'utf8');
  const found = (fn: string) => [...text.matchAll(new RegExp(`\\b${fn}\\((['"\`])((?:\\\\.|(?!\\1).)*)\\1`, 'g'))].map((m) => m[2].replace(/\\(.)/g, '$1'));
  return { describes: found('describe'), tests: found('test') };
}

describe('AUDITED_FHIR_STORE_HAZARDS', () => {
  test('every control is traced to code that exists and to a test that exists under its full name', () => {
    for (const hazard of AUDITED_FHIR_STORE_HAZARDS) {
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

  test('emergency access misuse is a hazard, and a control of a too narrow role policy, only where emergency access is configured', () => {
    // GIVEN a store without emergency access WHEN its hazards are listed THEN neither the misuse hazard nor the emergency control appears
    const without = auditedFhirStoreHazards({ emergencyAccess: false });
    expect(without.map((h) => h.id)).not.toContain('HAZ-FHIR-007');
    expect(without.flatMap((h) => h.controls).filter((c) => /emergency/i.test(c.description) || c.evidence.file.includes('emergency'))).toEqual([]);
    // AND with it, the misuse hazard is audited, alarmed and reviewed, and HAZ-FHIR-003 gains the emergency path
    const withEmergency = auditedFhirStoreHazards({ emergencyAccess: true });
    const misuse = withEmergency.find((h) => h.id === 'HAZ-FHIR-007')!;
    expect(misuse.controls.map((c) => c.description.split(':')[0])).toEqual(expect.arrayContaining(['Audited', 'Alarmed', 'Reviewed']));
    expect(withEmergency.find((h) => h.id === 'HAZ-FHIR-003')!.controls.map((c) => c.implementedBy)).toContain('constructs/fhir/runtime/emergency-access.ts');
    expect(new Set(withEmergency.map((h) => h.id)).size).toBe(withEmergency.length);
  });
});

