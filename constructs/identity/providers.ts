import { ASSURANCE_SCHEMES, CIS2_AAL_VALUES, NHS_LOGIN_VECTORS, type AssuranceScheme, type Cis2Aal, type NhsLoginVector, type ProviderKind } from './runtime/assurance';

export { CIS2_AAL_VALUES, NHS_LOGIN_VECTORS, type Cis2Aal, type NhsLoginVector, type ProviderKind };

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

/** The props (and config) field of each federated provider. */
export type FederatedProviderKey = 'cis2' | 'nhsLogin';

/** The Cognito standard attributes a provider's claims may fill (names as in `cognito.AttributeMapping`). */
export type StandardAttributeName = 'email' | 'fullname' | 'familyName' | 'givenName' | 'birthdate' | 'phoneNumber';

/** The custom attributes of the user pool a provider's claims may fill. */
export type CustomAttributeName = 'custom:nhsid_useruid' | 'custom:nhsid_roles' | 'custom:nhsid_orgs' | 'custom:nhs_number';

/**
 * One NHS identity provider as data: everything that differs between CIS2 and NHS login.
 *
 * TrustIdentity builds the same resources for every entry (a client secret, proxy routes, a
 * Cognito OIDC provider); nothing provider-specific lives in code.
 */
export interface FederatedProviderDefinition {
  /** The props and config field that switches the provider on: `cis2`, `nhsLogin`. */
  readonly key: FederatedProviderKey;
  /** The provider's name for people: `CIS2`, `NHS login`. */
  readonly label: string;
  /** The kind the proxy runtime knows it by. */
  readonly kind: ProviderKind;
  /** The construct id stem of its resources (`<stem>` provider, `<stem>ClientSecret`): part of the released contract. */
  readonly constructId: string;
  /** Its name in Cognito (what apps pass as `identity_provider`). */
  readonly cognitoName: string;
  /** The proxy's path segment for it: `/<route>/authorize`, `/<route>/token`, ... */
  readonly route: string;
  /** Issuers by environment. */
  readonly issuers: Readonly<Record<string, string>>;
  /** How assurance is asked for (`acr_values` / `vtr`) and checked (`acr` / `vot`). */
  readonly assurance: AssuranceScheme;
  /** The assurance required when the trust does not say. */
  readonly defaultAssurance: string;
  /** The scopes asked for when the trust does not say. */
  readonly defaultScopes: readonly string[];
  /** Which ID token / userinfo claim fills each standard attribute. */
  readonly standardAttributes: Readonly<Partial<Record<StandardAttributeName, string>>>;
  /** Which claim fills each custom attribute (the assurance claim always fills `custom:assurance`). */
  readonly customAttributes: Readonly<Partial<Record<CustomAttributeName, string>>>;
}

/** The NHS identity providers, in the order their resources are listed. */
export const FEDERATED_PROVIDERS: readonly FederatedProviderDefinition[] = [
  {
    key: 'cis2',
    label: 'CIS2',
    kind: 'cis2',
    constructId: 'Cis2',
    cognitoName: 'NHSCIS2',
    route: 'cis2',
    issuers: CIS2_ISSUERS,
    assurance: ASSURANCE_SCHEMES.cis2,
    defaultAssurance: DEFAULT_REQUIRED_AAL,
    defaultScopes: CIS2_DEFAULT_SCOPES,
    standardAttributes: { email: 'email', fullname: 'name' },
    customAttributes: { 'custom:nhsid_useruid': 'nhsid_useruid', 'custom:nhsid_roles': 'nhsid_nrbac_roles', 'custom:nhsid_orgs': 'nhsid_user_orgs' },
  },
  {
    key: 'nhsLogin',
    label: 'NHS login',
    kind: 'nhs-login',
    constructId: 'NhsLogin',
    cognitoName: 'NHSLogin',
    route: 'nhs-login',
    issuers: NHS_LOGIN_ISSUERS,
    assurance: ASSURANCE_SCHEMES['nhs-login'],
    defaultAssurance: DEFAULT_VECTOR_OF_TRUST,
    defaultScopes: NHS_LOGIN_DEFAULT_SCOPES,
    standardAttributes: { email: 'email', familyName: 'family_name', birthdate: 'birthdate' },
    customAttributes: { 'custom:nhs_number': 'nhs_number' },
  },
];

/** What a trust sets for one provider (the shape shared by `cis2` and `nhsLogin` props). */
export interface FederationSettings {
  readonly environment: string;
  readonly clientId: string;
  readonly requiredAal?: string;
  readonly vectorOfTrust?: string;
  readonly promptLogin?: boolean;
  readonly scopes?: string[];
}

/** One provider a trust federates with: its definition and the trust's settings, defaults applied. */
export interface Federation {
  readonly definition: FederatedProviderDefinition;
  readonly issuer: string;
  readonly clientId: string;
  readonly requiredAssurance: string;
  readonly promptLogin: boolean;
  readonly scopes: readonly string[];
}

/** The providers a trust federates with, in table order, from its `cis2` / `nhsLogin` settings. */
export function federationsOf(props: Partial<Record<FederatedProviderKey, FederationSettings>>): Federation[] {
  return FEDERATED_PROVIDERS.flatMap((definition) => {
    const settings = props[definition.key];
    if (!settings) return [];
    return [
      {
        definition,
        issuer: definition.issuers[settings.environment],
        clientId: settings.clientId,
        requiredAssurance: settings[definition.assurance.requiredField] ?? definition.defaultAssurance,
        promptLogin: settings.promptLogin ?? false,
        scopes: settings.scopes ?? definition.defaultScopes,
      },
    ];
  });
}
