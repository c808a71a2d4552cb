import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { REFRESH_TOKEN_VALIDITY_MINUTES, TOKEN_VALIDITY_MINUTES } from './trust-identity-problems';

/** One OpenID Connect provider the pool federates with. */
export interface OidcFederation {
  /** The construct id of the Cognito identity provider (part of the released contract). */
  readonly id: string;
  /** The provider's name in Cognito. */
  readonly providerName: string;
  /** The provider's issuer. */
  readonly issuerUrl: string;
  /** The client id registered with the provider. */
  readonly clientId: string;
  /** The client secret Cognito presents (a dynamic reference; never a literal). */
  readonly clientSecret: string;
  /** The scopes asked for. */
  readonly scopes: readonly string[];
  /** Every endpoint Cognito calls for this provider. */
  readonly endpoints: cognito.OidcEndpoints;
  /** Which claim fills which user pool attribute. */
  readonly attributeMapping: cognito.AttributeMapping;
}

/** Props of {@link FederatedUserPool}. */
export interface FederatedUserPoolProps {
  /** The Cognito hosted domain prefix. */
  readonly domainPrefix: string;
  /** Where Cognito may send users back after sign-in. */
  readonly callbackUrls: readonly string[];
  /**
   * Where Cognito may send users after sign-out.
   *
   * @default - the callback URLs
   */
  readonly logoutUrls?: readonly string[];
  /** The providers users sign in with; the app client allows only these. */
  readonly federations: readonly OidcFederation[];
  /**
   * How long access and ID tokens are valid.
   *
   * @default Duration.minutes(15)
   */
  readonly tokenValidity?: Duration;
  /**
   * How long refresh tokens are valid.
   *
   * @default Duration.hours(8) - one shift
   */
  readonly refreshTokenValidity?: Duration;
  /**
   * Threat protection for sign-ins (the pool uses the Plus feature plan).
   *
   * @default cognito.StandardThreatProtectionMode.FULL_FUNCTION - risky sign-ins are blocked
   */
  readonly threatProtectionMode?: cognito.StandardThreatProtectionMode;
}

/**
 * The Cognito user pool, its hosted domain, its federated OIDC providers and its app client.
 *
 * The pool requires MFA, has deletion protection and is retained; the app client allows only the
 * authorization code flow, with short tokens, and only the federated providers.
 */
export class FederatedUserPool extends Construct {
  /** The user pool (MFA required, deletion protection on, retained). */
  public readonly userPool: cognito.UserPool;
  /** The Cognito hosted domain. */
  public readonly domain: cognito.UserPoolDomain;
  /** The OIDC identity providers, in the order given. */
  public readonly identityProviders: cognito.UserPoolIdentityProviderOidc[];
  /** The app client: authorization code with PKCE, federated providers only. */
  public readonly userPoolClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: FederatedUserPoolProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(1), passwordHistorySize: 24 },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: props.threatProtectionMode ?? cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // The released schema: Cognito can neither remove nor change a custom attribute, so this list only grows.
      customAttributes: {
        nhsid_useruid: new cognito.StringAttribute({ maxLen: 64, mutable: true }),
        nhsid_roles: new cognito.StringAttribute({ maxLen: 2048, mutable: true }),
        nhsid_orgs: new cognito.StringAttribute({ maxLen: 2048, mutable: true }),
        nhs_number: new cognito.StringAttribute({ maxLen: 10, mutable: true }),
        assurance: new cognito.StringAttribute({ maxLen: 64, mutable: true }),
      },
    });
    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    this.identityProviders = props.federations.map(
      (f) =>
        new cognito.UserPoolIdentityProviderOidc(this, f.id, {
          userPool: this.userPool,
          name: f.providerName,
          issuerUrl: f.issuerUrl,
          clientId: f.clientId,
          clientSecret: f.clientSecret,
          scopes: [...f.scopes],
          attributeRequestMethod: cognito.OidcAttributeRequestMethod.GET,
          endpoints: f.endpoints,
          attributeMapping: f.attributeMapping,
        }),
    );

    const tokenValidity = props.tokenValidity ?? Duration.minutes(TOKEN_VALIDITY_MINUTES.default);
    this.userPoolClient = this.userPool.addClient('AppClient', {
      generateSecret: false,
      // SRP only (no plain-password or custom auth); federated sign-ins use the hosted domain.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...(props.logoutUrls ?? props.callbackUrls)],
      },
      supportedIdentityProviders: this.identityProviders.map((idp) => cognito.UserPoolClientIdentityProvider.custom(idp.providerName)),
      accessTokenValidity: tokenValidity,
      idTokenValidity: tokenValidity,
      refreshTokenValidity: props.refreshTokenValidity ?? Duration.minutes(REFRESH_TOKEN_VALIDITY_MINUTES.default),
      authSessionValidity: Duration.minutes(3),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
  }

  /** The redirect URI to register with the providers: `https://<domain>/oauth2/idpresponse`. */
  public get redirectUri(): string {
    return `${this.domain.baseUrl()}/oauth2/idpresponse`;
  }
}
