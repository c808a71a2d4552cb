/**
 * Assurance checks on ID tokens: CIS2 authenticator assurance (`acr`) and NHS login vectors of trust (`vot`).
 */

/** CIS2 authentication assurance values a trust may require, weakest first. */
export const CIS2_AAL_VALUES = ['AAL2_ANY', 'AAL2_OR_AAL3_ANY', 'AAL3_ANY'] as const;

/** A CIS2 authentication assurance value. */
export type Cis2Aal = (typeof CIS2_AAL_VALUES)[number];

/** NHS login vectors of trust (identity proofing level, then credential strength). */
export const NHS_LOGIN_VECTORS = ['P0.Cp', 'P5.Cp.Cd', 'P5.Cp.Ck', 'P9.Cp.Cd', 'P9.Cp.Ck', 'P9.Cm'] as const;

/** An NHS login vector of trust. */
export type NhsLoginVector = (typeof NHS_LOGIN_VECTORS)[number];

/** The lowest AAL an `acr` value guarantees (`AAL2_OR_AAL3_ANY` guarantees 2), or 0 if unknown. */
export function aalLevel(acr: unknown): number {
  if (typeof acr !== 'string') return 0;
  const m = /^AAL(\d)_/.exec(acr);
  return m ? Number(m[1]) : 0;
}

/** Why `acr` falls short of `required`, or undefined when it meets it. */
export function acrProblem(acr: unknown, required: Cis2Aal): string | undefined {
  if (typeof acr !== 'string' || acr === '') return `the ID token has no acr claim; ${required} is required`;
  if (aalLevel(acr) < aalLevel(required)) return `the ID token's acr ${acr} is below the required ${required}`;
  return undefined;
}

interface Vector {
  proofing: number;
  twoFactor: boolean;
}

function parseVector(v: string): Vector | undefined {
  const m = /^P(\d)\.(C[a-z](?:\.C[a-z])*)$/.exec(v);
  if (!m) return undefined;
  const creds = m[2].split('.');
  // Cd (device), Ck (key) and Cm (multi-factor) are second factors; Cp alone is a password.
  return { proofing: Number(m[1]), twoFactor: creds.some((c) => c === 'Cd' || c === 'Ck' || c === 'Cm') };
}

/**
 * Why `vot` falls short of `required`, or undefined when it meets it: the identity proofing level
 * must be at least the required one, and a second factor must be present if the required vector has one.
 */
export function votProblem(vot: unknown, required: NhsLoginVector): string | undefined {
  if (typeof vot !== 'string' || vot === '') return `the ID token has no vot claim; ${required} is required`;
  const got = parseVector(vot);
  const want = parseVector(required) as Vector;
  if (!got) return `the ID token's vot ${vot} is not a vector of trust`;
  if (got.proofing < want.proofing || (want.twoFactor && !got.twoFactor)) return `the ID token's vot ${vot} is below the required ${required}`;
  return undefined;
}
