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

/** The kinds of NHS identity provider the proxy serves. */
export const PROVIDER_KINDS = ['cis2', 'nhs-login'] as const;

/** A kind of NHS identity provider. */
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/**
 * How one kind of provider is asked for assurance and how its ID tokens state it.
 *
 * The proxy asks with `parameter` on every authorize request (replacing any the caller sent) and
 * refuses an ID token whose `claim` falls short of the required value.
 */
export interface AssuranceScheme {
  /** The authorize parameter that asks for assurance: `acr_values` (CIS2) or `vtr` (NHS login). */
  readonly parameter: 'acr_values' | 'vtr';
  /** The ID token claim that states the assurance reached: `acr` (CIS2) or `vot` (NHS login). */
  readonly claim: 'acr' | 'vot';
  /** The provider setting that holds the required value. */
  readonly requiredField: 'requiredAal' | 'vectorOfTrust';
  /** The values a trust may require, weakest first. */
  readonly values: readonly string[];
  /** The parameter's value for a required level: the AAL itself, or NHS login's JSON list of vectors. */
  requestValue(required: string): string;
  /** Why the claim's value falls short of the required level, or undefined when it meets it. */
  shortfall(claimValue: unknown, required: string): string | undefined;
}

/** The assurance scheme of each kind of provider. */
export const ASSURANCE_SCHEMES: Readonly<Record<ProviderKind, AssuranceScheme>> = {
  cis2: {
    parameter: 'acr_values',
    claim: 'acr',
    requiredField: 'requiredAal',
    values: CIS2_AAL_VALUES,
    requestValue: (required) => required,
    shortfall: (acr, required) => acrProblem(acr, required as Cis2Aal),
  },
  'nhs-login': {
    parameter: 'vtr',
    claim: 'vot',
    requiredField: 'vectorOfTrust',
    values: NHS_LOGIN_VECTORS,
    requestValue: (required) => JSON.stringify([required]),
    shortfall: (vot, required) => votProblem(vot, required as NhsLoginVector),
  },
};
