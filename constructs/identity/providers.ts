import { CIS2_AAL_VALUES, NHS_LOGIN_VECTORS, type Cis2Aal, type NhsLoginVector } from './runtime/assurance';

export { CIS2_AAL_VALUES, NHS_LOGIN_VECTORS, type Cis2Aal, type NhsLoginVector };

/** CIS2 environments a trust can federate with. */
export const CIS2_ENVIRONMENTS = ['int', 'production'] as const;

/** A CIS2 environment. */
export type Cis2Environment = (typeof CIS2_ENVIRONMENTS)[number];

/** CIS2 issuers by environment (NHS England); every endpoint is read from each issuer's discovery document. */
export const CIS2_ISSUERS: Readonly<Record<Cis2Environment, string>> = {
  int: 'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
  production: 'https://am.nhsidentity.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
};

/** NHS login environments a trust can federate with. */
export const NHS_LOGIN_ENVIRONMENTS = ['sandpit', 'integration', 'production'] as const;

/** An NHS login environment. */
export type NhsLoginEnvironment = (typeof NHS_LOGIN_ENVIRONMENTS)[number];

/** NHS login issuers by environment; endpoints come from discovery. */
export const NHS_LOGIN_ISSUERS: Readonly<Record<NhsLoginEnvironment, string>> = {
  sandpit: 'https://auth.sandpit.signin.nhs.uk',
  integration: 'https://auth.aos.signin.nhs.uk',
  production: 'https://auth.login.nhs.uk',
};

/** The scopes asked of CIS2 by default: identity, national RBAC roles and associated organisations. */
export const CIS2_DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'nationalrbacaccess', 'associatedorgs'];

/** The scopes asked of NHS login by default (profile carries NHS number and demographics). */
export const NHS_LOGIN_DEFAULT_SCOPES: readonly string[] = ['openid', 'profile'];

/** The AAL required of CIS2 sign-ins by default: AAL3 (smartcard or equivalent). */
export const DEFAULT_REQUIRED_AAL: Cis2Aal = 'AAL3_ANY';

/** The vector of trust required of NHS login by default: P9 identity, password plus a device. */
export const DEFAULT_VECTOR_OF_TRUST: NhsLoginVector = 'P9.Cp.Cd';
