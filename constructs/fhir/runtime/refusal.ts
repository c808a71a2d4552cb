/** Why the gateway will not forward a request: the HTTP status, the FHIR issue type and the reason. */
export interface Refusal {
  /** 400 not understood, 403 not allowed, 404 no such resource type, 405 method, 413 too large, 415 content type. */
  readonly status: number;
  /** The OperationOutcome issue type (http://hl7.org/fhir/issue-type): `invalid`, `forbidden`, `not-supported`, `too-long`... */
  readonly code: string;
  /** What was wrong, for the caller and the AuditEvent (never a secret). */
  readonly reason: string;
}

/** Thrown while a request is being understood: it is refused, and audited, with {@link Refusal}. */
export class Refused extends Error {
  constructor(public readonly refusal: Refusal) {
    super(refusal.reason);
    this.name = 'Refused';
  }
}

/** A refusal with the status's usual issue type. */
export function refusal(status: number, reason: string): Refusal {
  const code = status === 403 ? 'forbidden' : status === 404 ? 'not-found' : status === 405 || status === 415 ? 'not-supported' : status === 413 ? 'too-long' : 'invalid';
  return { status, code, reason };
}
