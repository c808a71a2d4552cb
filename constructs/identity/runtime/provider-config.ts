import { ASSURANCE_SCHEMES, type Cis2Aal, type NhsLoginVector } from './assurance';

/** One federated provider as the proxy sees it (the Lambda reads a list of these from PROVIDERS). */
export type ProxiedProvider = Cis2Provider | NhsLoginProvider;

interface ProviderBase {
  /** The path segment of this provider's routes: `/<name>/authorize`, `/<name>/token`, ... */
  readonly name: string;
  /** The provider's issuer; endpoints come from its discovery document. */
  readonly issuer: string;
  /** The client id registered with the provider. */
  readonly clientId: string;
  /** The ARN of the Secrets Manager secret Cognito uses as this provider's client secret. */
  readonly clientSecretArn: string;
  /** Whether the authorize proxy adds `prompt=login` (always re-authenticate). */
  readonly promptLogin: boolean;
}

/** NHS CIS2: assurance by `acr_values` and the `acr` claim. */
export interface Cis2Provider extends ProviderBase {
  readonly kind: 'cis2';
  readonly requiredAal: Cis2Aal;
}

/** NHS login: assurance by `vtr` and the `vot` claim. */
export interface NhsLoginProvider extends ProviderBase {
  readonly kind: 'nhs-login';
  readonly vectorOfTrust: NhsLoginVector;
}

/** The assurance `provider` requires, read from the field its kind's scheme names (`requiredAal` or `vectorOfTrust`). */
export function requiredAssurance(provider: ProxiedProvider): string {
  const field = ASSURANCE_SCHEMES[provider.kind].requiredField;
  const value = (provider as unknown as Record<string, unknown>)[field];
  if (typeof value !== 'string') throw new Error(`provider ${provider.name} has no ${field}`);
  return value;
}
