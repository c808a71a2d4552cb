import * as path from 'path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from '../keys/key-policies';
import { isHttpsUrl } from '../core/checks';
import { DesignFindings } from '../core/design-findings';
import { runtimeCode } from '../core/runtime-code';
import {
  CIS2_AAL_VALUES,
  CIS2_DEFAULT_SCOPES,
  CIS2_ENVIRONMENTS,
  CIS2_ISSUERS,
  DEFAULT_REQUIRED_AAL,
  DEFAULT_VECTOR_OF_TRUST,
  NHS_LOGIN_DEFAULT_SCOPES,
  NHS_LOGIN_ENVIRONMENTS,
  NHS_LOGIN_ISSUERS,
  NHS_LOGIN_VECTORS,
  type Cis2Aal,
  type Cis2Environment,
  type NhsLoginEnvironment,
  type NhsLoginVector,
} from './providers';
import type { ProxiedProvider } from './runtime/provider-config';

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
export interface TrustIdentityProps {
  /** The key that encrypts the proxy's log groups (the trust's logs key; its policy must allow CloudWatch Logs). */
  readonly logsKey: kms.IKey;
  /**
   * Days the proxy's logs (Lambda and API access logs) are kept: a CloudWatch Logs retention period, at least 180.
   *
   * @default 400
   */
  readonly logRetentionDays?: number;
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
   * Threat protection for sign-ins (needs the Cognito Plus feature plan, which this construct uses).
   *
   * @default cognito.StandardThreatProtectionMode.FULL_FUNCTION - risky sign-ins are blocked
   */
  readonly threatProtectionMode?: cognito.StandardThreatProtectionMode;
}

/** Security log retention floor (NCSC guidance relayed by DSPT). */
const MIN_LOG_RETENTION_DAYS = 180;

const RETENTION_DAYS = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0);

/** Cognito's name for each provider, and the proxy's route prefix. */
const PROVIDER_NAMES = { cis2: { cognito: 'NHSCIS2', route: 'cis2' }, nhsLogin: { cognito: 'NHSLogin', route: 'nhs-login' } } as const;

/**
 * A Cognito user pool federated with NHS CIS2 (staff) and, optionally, NHS login (citizens).
 *
 * Both providers want `private_key_jwt` client authentication, which Cognito cannot send. So Cognito's
 * OIDC providers point their authorize, token, userinfo and JWKS endpoints at an identity proxy
 * (API Gateway HTTP API + Lambda) which reads the provider's real endpoints from its discovery document,
 * adds the assurance asked for (`acr_values` / `vtr`), swaps Cognito's client secret for an RFC 7523
 * client assertion signed by a KMS key, and refuses ID tokens below the required assurance. The public
 * signing keys are published at `jwksUrl`, which is the JWKS URI to register with CIS2 and NHS login.
 */
export class TrustIdentity extends Construct {
  /** The user pool (MFA required, deletion protection on, retained). */
  public readonly userPool: cognito.UserPool;
  /** The app client: authorization code with PKCE, federated providers only. */
  public readonly userPoolClient: cognito.UserPoolClient;
  /** The Cognito hosted domain. */
  public readonly domain: cognito.UserPoolDomain;
  /** The Cognito OIDC identity providers, by provider. */
  public readonly identityProviders: { readonly cis2?: cognito.UserPoolIdentityProviderOidc; readonly nhsLogin?: cognito.UserPoolIdentityProviderOidc };
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
  public readonly clientSecrets: { readonly cis2?: secretsmanager.Secret; readonly nhsLogin?: secretsmanager.Secret };

  constructor(scope: Construct, id: string, props: TrustIdentityProps) {
    super(scope, id);
    validate(props);
    const retention = (props.logRetentionDays ?? 400) as logs.RetentionDays;
    const versions = props.signingKeyVersions ?? ['1'];

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
      customAttributes: {
        nhsid_useruid: new cognito.StringAttribute({ maxLen: 64, mutable: true }),
        nhsid_roles: new cognito.StringAttribute({ maxLen: 2048, mutable: true }),
        nhsid_orgs: new cognito.StringAttribute({ maxLen: 2048, mutable: true }),
        nhs_number: new cognito.StringAttribute({ maxLen: 10, mutable: true }),
        assurance: new cognito.StringAttribute({ maxLen: 64, mutable: true }),
      },
    });
    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    // Client-assertion signing keys: asymmetric keys cannot rotate automatically, so rotation is by generations.
    this.signingKeys = versions.map(
      (v) =>
        new kms.Key(this, `SigningKey${v}`, {
          description: `Signs RFC 7523 client assertions to NHS identity providers (generation ${v})`,
          keySpec: kms.KeySpec.RSA_2048,
          keyUsage: kms.KeyUsage.SIGN_VERIFY,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
    );
    this.currentSigningKey = this.signingKeys[this.signingKeys.length - 1];
    for (const key of this.signingKeys) restrictGrantsToAwsServices(key);

    const logGroup = (logId: string) =>
      new logs.LogGroup(this, logId, { encryptionKey: props.logsKey, retention, removalPolicy: RemovalPolicy.RETAIN });

    const proxyLogs = logGroup('ProxyLogs');
    const jwksLogs = logGroup('JwksLogs');
    if (props.vpc) {
      this.securityGroup = new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
        vpc: props.vpc,
        description: 'Identity proxy and JWKS functions: outbound HTTPS only (providers, KMS, Secrets Manager)',
        allowAllOutbound: false,
      });
      this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the identity providers and AWS APIs');
    }
    const policies: iam.ManagedPolicy[] = [];
    // Each function's role holds exactly one customer-managed policy written here (no inline or AWS
    // managed policies); the function sees the role as immutable so nothing else is added behind our back.
    const fnRole = (roleId: string, group: logs.LogGroup, statements: iam.PolicyStatement[]): iam.IRole => {
      const r = new iam.Role(this, roleId, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      const base = [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [group.logGroupArn] }),
        new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
      ];
      if (props.vpc) {
        base.push(
          new iam.PolicyStatement({
            actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
            resources: ['*'],
          }),
        );
      }
      policies.push(new iam.ManagedPolicy(this, `${roleId}Policy`, { roles: [r], statements: [...base, ...statements] }));
      return r.withoutPolicyUpdates();
    };
    const concurrency = props.reservedConcurrentExecutions ?? 10;

    const fnDefaults = {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      memorySize: 256,
      timeout: Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? (props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }) : undefined,
      securityGroups: this.securityGroup ? [this.securityGroup] : undefined,
    };

    const secrets: { cis2?: secretsmanager.Secret; nhsLogin?: secretsmanager.Secret } = {};
    const proxied: ProxiedProvider[] = [];
    if (props.cis2) {
      secrets.cis2 = this.clientSecret('Cis2ClientSecret', 'CIS2', props.secretsKey);
      proxied.push({
        name: PROVIDER_NAMES.cis2.route,
        kind: 'cis2',
        issuer: CIS2_ISSUERS[props.cis2.environment],
        clientId: props.cis2.clientId,
        clientSecretArn: secrets.cis2.secretArn,
        requiredAal: props.cis2.requiredAal ?? DEFAULT_REQUIRED_AAL,
        promptLogin: props.cis2.promptLogin ?? false,
      });
    }
    if (props.nhsLogin) {
      secrets.nhsLogin = this.clientSecret('NhsLoginClientSecret', 'NHS login', props.secretsKey);
      proxied.push({
        name: PROVIDER_NAMES.nhsLogin.route,
        kind: 'nhs-login',
        issuer: NHS_LOGIN_ISSUERS[props.nhsLogin.environment],
        clientId: props.nhsLogin.clientId,
        clientSecretArn: secrets.nhsLogin.secretArn,
        vectorOfTrust: props.nhsLogin.vectorOfTrust ?? DEFAULT_VECTOR_OF_TRUST,
        promptLogin: props.nhsLogin.promptLogin ?? false,
      });
    }
    this.clientSecrets = secrets;

    this.proxyFunction = new lambda.Function(this, 'ProxyFunction', {
      ...fnDefaults,
      description: 'Identity proxy: adds assurance to authorize requests, signs client assertions, checks ID token assurance',
      code: runtimeCode(path.join(__dirname, 'runtime', 'proxy.lambda.ts')),
      logGroup: proxyLogs,
      reservedConcurrentExecutions: concurrency,
      role: fnRole('ProxyRole', proxyLogs, [
        new iam.PolicyStatement({ actions: ['kms:Sign'], resources: [this.currentSigningKey.keyArn] }),
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: Object.values(secrets).map((x) => x.secretArn) }),
        ...(props.secretsKey
          ? [
              new iam.PolicyStatement({
                actions: ['kms:Decrypt'],
                resources: [props.secretsKey.keyArn],
                conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
              }),
            ]
          : []),
      ]),
      environment: {
        PROVIDERS: Stack.of(this).toJsonString(proxied),
        SIGNING_KEY_ID: this.currentSigningKey.keyId,
        ASSERTION_LIFETIME_SECONDS: '120',
      },
    });

    this.jwksFunction = new lambda.Function(this, 'JwksFunction', {
      ...fnDefaults,
      description: 'Publishes the public client-assertion signing keys as a JWKS',
      code: runtimeCode(path.join(__dirname, 'runtime', 'jwks.lambda.ts')),
      logGroup: jwksLogs,
      reservedConcurrentExecutions: Math.max(1, Math.floor(concurrency / 5)),
      role: fnRole('JwksRole', jwksLogs, [new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: this.signingKeys.map((k) => k.keyArn) })]),
      environment: { PUBLISHED_KEY_IDS: Stack.of(this).toJsonString(this.signingKeys.map((k) => k.keyId)) },
    });

    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'NHS identity proxy (Cognito to CIS2 / NHS login) and client-assertion JWKS',
      createDefaultStage: false,
    });
    new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(logGroup('ApiAccessLogs')),
        format: apigw.AccessLogFormat.jsonWithStandardFields(),
      },
    });
    const proxyIntegration = new HttpLambdaIntegration('ProxyIntegration', this.proxyFunction);
    for (const p of proxied) {
      this.api.addRoutes({ path: `/${p.name}/authorize`, methods: [apigwv2.HttpMethod.GET], integration: proxyIntegration });
      this.api.addRoutes({ path: `/${p.name}/token`, methods: [apigwv2.HttpMethod.POST], integration: proxyIntegration });
      this.api.addRoutes({ path: `/${p.name}/userinfo`, methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST], integration: proxyIntegration });
      this.api.addRoutes({ path: `/${p.name}/jwks`, methods: [apigwv2.HttpMethod.GET], integration: proxyIntegration });
    }
    this.api.addRoutes({ path: '/.well-known/jwks.json', methods: [apigwv2.HttpMethod.GET], integration: new HttpLambdaIntegration('JwksIntegration', this.jwksFunction) });
    this.jwksUrl = `${this.api.apiEndpoint}/.well-known/jwks.json`;

    const idps: { cis2?: cognito.UserPoolIdentityProviderOidc; nhsLogin?: cognito.UserPoolIdentityProviderOidc } = {};
    if (props.cis2 && secrets.cis2) {
      idps.cis2 = this.oidcProvider('Cis2', PROVIDER_NAMES.cis2.cognito, PROVIDER_NAMES.cis2.route, CIS2_ISSUERS[props.cis2.environment], props.cis2.clientId, secrets.cis2, props.cis2.scopes ?? [...CIS2_DEFAULT_SCOPES], {
        email: cognito.ProviderAttribute.other('email'),
        fullname: cognito.ProviderAttribute.other('name'),
        custom: {
          'custom:nhsid_useruid': cognito.ProviderAttribute.other('nhsid_useruid'),
          'custom:nhsid_roles': cognito.ProviderAttribute.other('nhsid_nrbac_roles'),
          'custom:nhsid_orgs': cognito.ProviderAttribute.other('nhsid_user_orgs'),
          'custom:assurance': cognito.ProviderAttribute.other('acr'),
        },
      });
    }
    if (props.nhsLogin && secrets.nhsLogin) {
      idps.nhsLogin = this.oidcProvider('NhsLogin', PROVIDER_NAMES.nhsLogin.cognito, PROVIDER_NAMES.nhsLogin.route, NHS_LOGIN_ISSUERS[props.nhsLogin.environment], props.nhsLogin.clientId, secrets.nhsLogin, props.nhsLogin.scopes ?? [...NHS_LOGIN_DEFAULT_SCOPES], {
        email: cognito.ProviderAttribute.other('email'),
        familyName: cognito.ProviderAttribute.other('family_name'),
        birthdate: cognito.ProviderAttribute.other('birthdate'),
        custom: {
          'custom:nhs_number': cognito.ProviderAttribute.other('nhs_number'),
          'custom:assurance': cognito.ProviderAttribute.other('vot'),
        },
      });
    }
    this.identityProviders = idps;

    const tokenValidity = props.tokenValidity ?? Duration.minutes(15);
    this.userPoolClient = this.userPool.addClient('AppClient', {
      generateSecret: false,
      // SRP only (no plain-password or custom auth); federated sign-ins use the hosted domain.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls ?? props.callbackUrls,
      },
      supportedIdentityProviders: Object.values(idps).map((idp) => cognito.UserPoolClientIdentityProvider.custom(idp.providerName)),
      accessTokenValidity: tokenValidity,
      idTokenValidity: tokenValidity,
      refreshTokenValidity: props.refreshTokenValidity ?? Duration.hours(8),
      authSessionValidity: Duration.minutes(3),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });

    this.recordDesignFindings(policies);

    new CfnOutput(this, 'JwksUrl', { value: this.jwksUrl, description: 'The JWKS URI to register with CIS2 / NHS login (private_key_jwt, RS256)' });
    new CfnOutput(this, 'RedirectUri', {
      value: `${this.domain.baseUrl()}/oauth2/idpresponse`,
      description: 'The redirect URI to register with CIS2 / NHS login',
    });
  }

  /** Findings that are the design of an OAuth proxy, not gaps, with the reason (applied by whoever composes the stack). */
  private recordDesignFindings(policies: iam.ManagedPolicy[]): void {
    DesignFindings.of(this.api).add(
      'AwsSolutions-APIG4',
      'OAuth endpoints cannot sit behind an API authorizer: browsers reach /authorize unauthenticated by design, /token authenticates Cognito by client secret in the Lambda (constant-time compare), and the JWKS and provider JWKS are public keys.',
    );
    const rotation =
      'The secret is shared by the Cognito identity provider and the proxy and never leaves AWS (the providers see only signed assertions); rotating it needs both updated together, done by redeploying with a new secret version.';
    for (const secret of Object.values(this.clientSecrets)) {
      DesignFindings.of(secret).addAll(['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'], rotation);
    }
    for (const policy of policies) {
      DesignFindings.of(policy).add(
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords) and Lambda VPC network interfaces (ec2:*NetworkInterface*) support no resource-level permissions.',
      );
    }
    const dlq = 'API Gateway invokes these functions synchronously and gets every error as the HTTP answer; a dead-letter queue only receives failed asynchronous invocations, of which there are none.';
    for (const fn of [this.proxyFunction, this.jwksFunction]) {
      DesignFindings.of(fn).addAll(['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ'], dlq);
    }
    DesignFindings.of(this).addAll(
      ['cdk-validator-cfnguard::lambda_function_public_access_prohibited_check', 'cdk-validator-cfnguard::api_gw_v2_authorization_type_configured_check'],
      'The OAuth authorize, token, userinfo and JWKS routes must be reachable by browsers, Cognito and the identity provider; the token route authenticates Cognito by client secret, and each Lambda permission is limited to this API (SourceArn).',
    );
  }

  private clientSecret(id: string, providerLabel: string, encryptionKey: kms.IKey | undefined): secretsmanager.Secret {
    return new secretsmanager.Secret(this, id, {
      encryptionKey,
      description: `The client secret Cognito presents to the identity proxy for ${providerLabel} (never sent to the provider)`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private oidcProvider(
    id: string,
    name: string,
    route: string,
    issuer: string,
    clientId: string,
    secret: secretsmanager.Secret,
    scopes: string[],
    attributeMapping: cognito.AttributeMapping,
  ): cognito.UserPoolIdentityProviderOidc {
    // Every endpoint Cognito calls is the proxy's: the proxy reads the provider's real ones from discovery.
    const base = `${this.api.apiEndpoint}/${route}`;
    return new cognito.UserPoolIdentityProviderOidc(this, id, {
      userPool: this.userPool,
      name,
      issuerUrl: issuer,
      clientId,
      // A dynamic reference: CloudFormation resolves it at deploy, the value never enters the template.
      clientSecret: secret.secretValue.unsafeUnwrap(),
      scopes,
      attributeRequestMethod: cognito.OidcAttributeRequestMethod.GET,
      endpoints: { authorization: `${base}/authorize`, token: `${base}/token`, userInfo: `${base}/userinfo`, jwksUri: `${base}/jwks` },
      attributeMapping,
    });
  }
}

function validate(props: TrustIdentityProps): void {
  if (!props.cis2 && !props.nhsLogin) {
    throw new Error("TrustIdentity needs at least one identity provider: set 'cis2' (staff) and/or 'nhsLogin' (citizens)");
  }
  const days = props.logRetentionDays;
  if (days !== undefined && !Token.isUnresolved(days) && (!RETENTION_DAYS.includes(days) || days < MIN_LOG_RETENTION_DAYS)) {
    throw new Error(
      `'logRetentionDays' must be a CloudWatch Logs retention period of at least ${MIN_LOG_RETENTION_DAYS} days (${RETENTION_DAYS.filter((d) => d >= MIN_LOG_RETENTION_DAYS).join(', ')}), got ${days}`,
    );
  }
  const prefix = props.domainPrefix;
  if (!Token.isUnresolved(prefix) && (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix))) {
    throw new Error(
      `'domainPrefix' must be 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen and not containing aws, amazon or cognito, got '${prefix}'`,
    );
  }
  if (props.callbackUrls.length === 0) throw new Error("'callbackUrls' must list at least one https URL where users return after sign-in");
  for (const [field, urls] of [['callbackUrls', props.callbackUrls], ['logoutUrls', props.logoutUrls ?? []]] as const) {
    for (const url of urls) {
      if (Token.isUnresolved(url)) continue;
      if (!isHttpsUrl(url)) throw new Error(`'${field}' must hold https URLs only (tokens must never travel in clear), got '${url}'`);
    }
  }
  if (props.cis2) {
    checkOneOf('cis2.environment', props.cis2.environment, CIS2_ENVIRONMENTS);
    checkClientId('cis2.clientId', props.cis2.clientId);
    if (props.cis2.requiredAal !== undefined) checkOneOf('cis2.requiredAal', props.cis2.requiredAal, CIS2_AAL_VALUES);
    checkScopes('cis2.scopes', props.cis2.scopes);
  }
  if (props.nhsLogin) {
    checkOneOf('nhsLogin.environment', props.nhsLogin.environment, NHS_LOGIN_ENVIRONMENTS);
    checkClientId('nhsLogin.clientId', props.nhsLogin.clientId);
    if (props.nhsLogin.vectorOfTrust !== undefined) checkOneOf('nhsLogin.vectorOfTrust', props.nhsLogin.vectorOfTrust, NHS_LOGIN_VECTORS);
    checkScopes('nhsLogin.scopes', props.nhsLogin.scopes);
  }
  const versions = props.signingKeyVersions;
  if (versions !== undefined) {
    if (versions.length === 0) throw new Error("'signingKeyVersions' must name at least one key generation (the last one signs), got []");
    if (versions.length > 3) throw new Error(`'signingKeyVersions' must name at most 3 generations (retire old keys by removing them), got ${versions.length}`);
    for (const v of versions) {
      if (!/^[A-Za-z0-9]{1,16}$/.test(v)) throw new Error(`'signingKeyVersions' entries must be 1 to 16 letters or digits (they become construct ids), got '${v}'`);
    }
    if (new Set(versions).size !== versions.length) throw new Error(`'signingKeyVersions' must not repeat a generation, got ${JSON.stringify(versions)}`);
  }
  const rce = props.reservedConcurrentExecutions;
  if (rce !== undefined && !Token.isUnresolved(rce) && (!Number.isInteger(rce) || rce < 1 || rce > 1000)) {
    throw new Error(`'reservedConcurrentExecutions' must be a whole number from 1 to 1000, got ${rce}`);
  }
  checkDuration('tokenValidity', props.tokenValidity, 5, 60, 'minutes');
  checkDuration('refreshTokenValidity', props.refreshTokenValidity, 60, 24 * 60, 'minutes');
}

function checkOneOf(field: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw new Error(`'${field}' must be one of ${allowed.join(', ')}, got '${value}'`);
}

function checkClientId(field: string, value: string): void {
  if (!Token.isUnresolved(value) && !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new Error(`'${field}' must be the client id the provider registered (1 to 255 visible characters), got '${value}'`);
  }
}

function checkScopes(field: string, scopes: string[] | undefined): void {
  if (scopes !== undefined && !scopes.includes('openid')) throw new Error(`'${field}' must include openid, got ${JSON.stringify(scopes)}`);
}

function checkDuration(field: string, value: Duration | undefined, min: number, max: number, unit: 'minutes'): void {
  if (value === undefined || Token.isUnresolved(value.toMinutes({ integral: false }))) return;
  const minutes = value.toMinutes({ integral: false });
  if (minutes < min || minutes > max) throw new Error(`'${field}' must be from ${min} to ${max} ${unit}, got ${minutes} ${unit}`);
}
