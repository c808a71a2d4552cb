import { CfnOutput } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { throwIfProblems } from '../core/errors';
import { keepReleasedLogicalIds } from '../core/logical-ids';
import type { OperationalProps } from '../core/operational-props';
import { FederatedUserPool, type OidcFederation } from './federated-user-pool';
import { IdentityProxy } from './identity-proxy';
import { federationsOf, type Cis2Aal, type Cis2Environment, type FederatedProviderKey, type Federation, type NhsLoginEnvironment, type NhsLoginVector } from './providers';
import { SignInAlarms } from './sign-in-alarms';
import { trustIdentityProblems } from './trust-identity-problems';

/** Federation with NHS CIS2 (staff). */
export interface Cis2FederationProps {
  /** The CIS2 environment: `int` (integration) or `production`. Sets the issuer. */
  readonly environment: Cis2Environment;
  /** The client id NHS England registered for this trust's application. */
  readonly clientId: string;
  /**
   * The authentication assurance every sign-in must reach (sent as `acr_values`, checked on the `acr` claim).
   *
   * @default 'AAL3_ANY' - smartcard or an equivalent AAL3 authenticator
   */
  readonly requiredAal?: Cis2Aal;
  /**
   * Whether every sign-in re-authenticates at CIS2 (`prompt=login`) instead of reusing a CIS2 session.
   *
   * @default false - a live CIS2 session is reused
   */
  readonly promptLogin?: boolean;
  /**
   * The scopes asked of CIS2.
   *
   * @default openid profile nationalrbacaccess associatedorgs
   */
  readonly scopes?: string[];
}

/** Federation with NHS login (citizens). */
export interface NhsLoginFederationProps {
  /** The NHS login environment: `sandpit`, `integration` or `production`. Sets the issuer. */
  readonly environment: NhsLoginEnvironment;
  /** The client id NHS login registered for this trust's application. */
  readonly clientId: string;
  /**
   * The vector of trust every sign-in must reach (sent as `vtr`, checked on the `vot` claim).
   *
   * @default 'P9.Cp.Cd' - identity verified to P9, password plus a device
   */
  readonly vectorOfTrust?: NhsLoginVector;
  /**
   * Whether every sign-in re-authenticates at NHS login (`prompt=login`).
   *
   * @default false
   */
  readonly promptLogin?: boolean;
  /**
   * The scopes asked of NHS login.
   *
   * @default openid profile
   */
  readonly scopes?: string[];
}

/** Props of {@link TrustIdentity}. */
export interface TrustIdentityProps extends OperationalProps {
  /** The Cognito hosted domain prefix (`<prefix>.auth.<region>.amazoncognito.com`): lowercase letters, digits and hyphens. */
  readonly domainPrefix: string;
  /** Where Cognito may send users back after sign-in: https URLs only. */
  readonly callbackUrls: string[];
  /**
   * Where Cognito may send users after sign-out: https URLs only.
   *
   * @default - the callback URLs
   */
  readonly logoutUrls?: string[];
  /**
   * The key that encrypts the Cognito client secrets in Secrets Manager (e.g. the trust's data key).
   *
   * @default - the AWS managed key for Secrets Manager
   */
  readonly secretsKey?: kms.IKey;
  /**
   * NHS CIS2 federation for staff.
   *
   * @default - no CIS2 federation (then `nhsLogin` is required)
   */
  readonly cis2?: Cis2FederationProps;
  /**
   * NHS login federation for citizens.
   *
   * @default - no NHS login federation
   */
  readonly nhsLogin?: NhsLoginFederationProps;
  /**
   * The generations of the client-assertion signing key, oldest first. Each name is one KMS key
   * (RSA_2048, SIGN_VERIFY); the last signs, every one is published in the JWKS. To rotate, append a
   * new name and deploy; once providers have fetched the new JWKS, remove the old name to retire it
   * (its key is retained, not deleted).
   *
   * @default ['1'] - one key
   */
  readonly signingKeyVersions?: string[];
  /**
   * How long access and ID tokens are valid: 5 to 60 minutes.
   *
   * @default Duration.minutes(15)
   */
  readonly tokenValidity?: Duration;
  /**
   * How long refresh tokens are valid: 1 to 24 hours.
   *
   * @default Duration.hours(8) - one shift
   */
  readonly refreshTokenValidity?: Duration;
  /**
   * The VPC the proxy and JWKS functions run in (private subnets with egress: they call the
   * providers, KMS and Secrets Manager over HTTPS). Their security group allows outbound 443 only.
   *
   * @default - the functions run outside any VPC (HIPAA/NIST packs report LambdaInsideVPC)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Which subnets of `vpc` the functions use.
   *
   * @default - private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Concurrency reserved for (and capping) the proxy function; the JWKS function gets a fifth of it, at least 1.
   * Caps the cost and blast radius of a flood of requests. Accounts whose concurrency quota is only 10 must raise it first.
   *
   * @default 10
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Sign-ins refused for low assurance (`acr` / `vot`) in five minutes that raise the assurance
   * alarm (a level users cannot reach, or probing with weak credentials).
   *
   * @default 10
   */
  readonly assuranceRejectionAlarmThreshold?: number;
  /**
   * Threat protection for sign-ins (needs the Cognito Plus feature plan, which this construct uses).
   *
   * @default cognito.StandardThreatProtectionMode.FULL_FUNCTION - risky sign-ins are blocked
   */
  readonly threatProtectionMode?: cognito.StandardThreatProtectionMode;
}

/**
 * A Cognito user pool federated with NHS CIS2 (staff) and, optionally, NHS login (citizens).
 *
 * Both providers want `private_key_jwt` client authentication, which Cognito cannot send. So Cognito's
 * OIDC providers point their authorize, token, userinfo and JWKS endpoints at an identity proxy
 * (API Gateway HTTP API + Lambda) which reads the provider's real endpoints from its discovery document,
 * adds the assurance asked for (`acr_values` / `vtr`), swaps Cognito's client secret for an RFC 7523
 * client assertion signed by a KMS key, and refuses ID tokens below the required assurance. The public
 * signing keys are published at `jwksUrl`, which is the JWKS URI to register with CIS2 and NHS login.
 *
 * Composed of a {@link FederatedUserPool} (pool, domain, providers, app client), an
 * {@link IdentityProxy} (keys, secrets, functions, HTTP API) and {@link SignInAlarms}; the
 * providers come from the provider table (`FEDERATED_PROVIDERS`). If a provider is down, sign-in
 * through it fails closed with an OAuth error and the proxy errors alarm notifies `alarmTopic`.
 */
export class TrustIdentity extends Construct {
  /** The user pool (MFA required, deletion protection on, retained). */
  public readonly userPool: cognito.UserPool;
  /** The app client: authorization code with PKCE, federated providers only. */
  public readonly userPoolClient: cognito.UserPoolClient;
  /** The Cognito hosted domain. */
  public readonly domain: cognito.UserPoolDomain;
  /** The Cognito OIDC identity providers, by provider. */
  public readonly identityProviders: Partial<Record<FederatedProviderKey, cognito.UserPoolIdentityProviderOidc>>;
  /** The HTTP API serving the identity proxy and the JWKS. */
  public readonly api: apigwv2.HttpApi;
  /** The JWKS URI to register with CIS2 and NHS login (`<api>/.well-known/jwks.json`). */
  public readonly jwksUrl: string;
  /** Every published signing key, oldest first; the last signs. */
  public readonly signingKeys: kms.Key[];
  /** The key that signs client assertions now. */
  public readonly currentSigningKey: kms.Key;
  /** The proxy Lambda (authorize, token, userinfo, provider JWKS). */
  public readonly proxyFunction: lambda.Function;
  /** The JWKS Lambda. */
  public readonly jwksFunction: lambda.Function;
  /** The security group of the functions, when they run in a VPC (outbound HTTPS only). */
  public readonly securityGroup?: ec2.SecurityGroup;
  /** The client secrets Cognito presents to the proxy, by provider. */
  public readonly clientSecrets: Partial<Record<FederatedProviderKey, secretsmanager.Secret>>;
  /** The pool, its domain, its providers and its app client. */
  public readonly pool: FederatedUserPool;
  /** The identity proxy and JWKS. */
  public readonly proxy: IdentityProxy;
  /** The sign-in alarms (proxy errors, assurance rejections, JWKS failures). */
  public readonly alarms: SignInAlarms;

  constructor(scope: Construct, id: string, props: TrustIdentityProps) {
    super(scope, id);
    throwIfProblems(`TrustIdentity ${this.node.path}`, trustIdentityProblems(props));
    const federations = federationsOf(props);

    // The parts keep the logical ids their resources were released under (as direct children of this construct).
    this.proxy = new IdentityProxy(this, 'Proxy', {
      federations,
      logsKey: props.logsKey,
      logRetentionDays: props.logRetentionDays,
      secretsKey: props.secretsKey,
      signingKeyVersions: props.signingKeyVersions,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    });
    keepReleasedLogicalIds(this.proxy);

    this.pool = new FederatedUserPool(this, 'Pool', {
      domainPrefix: props.domainPrefix,
      callbackUrls: props.callbackUrls,
      logoutUrls: props.logoutUrls,
      federations: federations.map((f) => this.oidcFederation(f)),
      tokenValidity: props.tokenValidity,
      refreshTokenValidity: props.refreshTokenValidity,
      threatProtectionMode: props.threatProtectionMode,
    });
    keepReleasedLogicalIds(this.pool);

    this.alarms = new SignInAlarms(this, 'Alarms', {
      proxyFunction: this.proxy.proxyFunction,
      proxyLogGroup: this.proxy.proxyLogGroup,
      jwksFunction: this.proxy.jwksFunction,
      jwksLogGroup: this.proxy.jwksLogGroup,
      alarmTopic: props.alarmTopic,
      assuranceRejectionThreshold: props.assuranceRejectionAlarmThreshold,
    });

    ({ userPool: this.userPool, userPoolClient: this.userPoolClient, domain: this.domain } = this.pool);
    this.identityProviders = Object.fromEntries(federations.map((f, i) => [f.definition.key, this.pool.identityProviders[i]]));
    ({ api: this.api, jwksUrl: this.jwksUrl, signingKeys: this.signingKeys, currentSigningKey: this.currentSigningKey } = this.proxy);
    ({ proxyFunction: this.proxyFunction, jwksFunction: this.jwksFunction, securityGroup: this.securityGroup, clientSecrets: this.clientSecrets } = this.proxy);

    new CfnOutput(this, 'JwksUrl', { value: this.jwksUrl, description: 'The JWKS URI to register with CIS2 / NHS login (private_key_jwt, RS256)' });
    new CfnOutput(this, 'RedirectUri', { value: this.pool.redirectUri, description: 'The redirect URI to register with CIS2 / NHS login' });
  }

  /** The Cognito side of one federation: every endpoint the proxy's, the attributes from the provider table. */
  private oidcFederation(f: Federation): OidcFederation {
    const d = f.definition;
    const claim = (name: string) => cognito.ProviderAttribute.other(name);
    const secret = this.proxy.clientSecrets[d.key];
    if (!secret) throw new Error(`TrustIdentity ${this.node.path}: the proxy has no client secret for ${d.label}`);
    return {
      id: d.constructId,
      providerName: d.cognitoName,
      issuerUrl: f.issuer,
      clientId: f.clientId,
      // A dynamic reference: CloudFormation resolves it at deploy, the value never enters the template.
      clientSecret: secret.secretValue.unsafeUnwrap(),
      scopes: f.scopes,
      endpoints: this.proxy.endpointsFor(d.route),
      attributeMapping: {
        ...Object.fromEntries(Object.entries(d.standardAttributes).map(([attribute, name]) => [attribute, claim(name)])),
        custom: {
          ...Object.fromEntries(Object.entries(d.customAttributes).map(([attribute, name]) => [attribute, claim(name)])),
          'custom:assurance': claim(d.assurance.claim),
        },
      },
    };
  }
}
