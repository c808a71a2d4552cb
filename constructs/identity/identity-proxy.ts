import * as path from 'path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DesignFindings } from '../core/design-findings';
import { DEFAULT_LOG_RETENTION_DAYS } from '../core/operational-props';
import { runtimeCode } from '../core/runtime-code';
import { restrictGrantsToAwsServices } from '../keys/key-policies';
import type { FederatedProviderKey, Federation } from './providers';
import type { ProxiedProvider } from './runtime/provider-config';
import { DEFAULT_SIGNING_KEY_VERSIONS, jwksConcurrency, RESERVED_CONCURRENCY } from './trust-identity-problems';

/** Props of {@link IdentityProxy}. */
export interface IdentityProxyProps {
  /** The providers the proxy serves, each under `/<route>/...`. */
  readonly federations: readonly Federation[];
  /** Encrypts the proxy's log groups. */
  readonly logsKey: kms.IKey;
  /**
   * Days the proxy's logs are kept.
   *
   * @default 400
   */
  readonly logRetentionDays?: number;
  /**
   * Encrypts the client secrets Cognito presents to the proxy.
   *
   * @default - the AWS managed key for Secrets Manager
   */
  readonly secretsKey?: kms.IKey;
  /**
   * Signing key generations, oldest first; the last signs, all are published.
   *
   * @default ['1']
   */
  readonly signingKeyVersions?: readonly string[];
  /**
   * The VPC the functions run in.
   *
   * @default - outside any VPC
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets of `vpc` for the functions.
   *
   * @default - private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Concurrency reserved for the proxy function (the JWKS function gets a fifth, at least 1).
   *
   * @default 10
   */
  readonly reservedConcurrentExecutions?: number;
}

/** The endpoints Cognito calls for one provider: all of them the proxy's. */
export interface ProxyEndpoints {
  readonly authorization: string;
  readonly token: string;
  readonly userInfo: string;
  readonly jwksUri: string;
}

/**
 * The identity proxy between Cognito and the NHS identity providers, and the JWKS of its signing keys.
 *
 * An HTTP API with one Lambda for every provider's `/<route>/authorize`, `/token`, `/userinfo` and
 * `/jwks` (the provider's real endpoints read from discovery; assurance asked for and checked;
 * Cognito's client secret swapped for an RFC 7523 assertion signed by a KMS key), and one Lambda
 * publishing the public keys at `/.well-known/jwks.json`. Each function has its own role holding
 * exactly one customer-managed policy.
 */
export class IdentityProxy extends Construct {
  /** The HTTP API serving the proxy and the JWKS. */
  public readonly api: apigwv2.HttpApi;
  /** The JWKS URI to register with the providers (`<api>/.well-known/jwks.json`). */
  public readonly jwksUrl: string;
  /** Every published signing key, oldest first; the last signs. */
  public readonly signingKeys: kms.Key[];
  /** The key that signs client assertions now. */
  public readonly currentSigningKey: kms.Key;
  /** The proxy Lambda (authorize, token, userinfo, provider JWKS). */
  public readonly proxyFunction: lambda.Function;
  /** The JWKS Lambda. */
  public readonly jwksFunction: lambda.Function;
  /** The proxy function's log group. */
  public readonly proxyLogGroup: logs.LogGroup;
  /** The JWKS function's log group. */
  public readonly jwksLogGroup: logs.LogGroup;
  /** The security group of the functions, when they run in a VPC (outbound HTTPS only). */
  public readonly securityGroup?: ec2.SecurityGroup;
  /** The client secrets Cognito presents to the proxy, by provider. */
  public readonly clientSecrets: Partial<Record<FederatedProviderKey, secretsmanager.Secret>> = {};

  private readonly policies: iam.ManagedPolicy[] = [];
  private readonly props: IdentityProxyProps;

  constructor(scope: Construct, id: string, props: IdentityProxyProps) {
    super(scope, id);
    this.props = props;
    const retention = (props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS) as logs.RetentionDays;
    const logGroup = (logId: string) => new logs.LogGroup(this, logId, { encryptionKey: props.logsKey, retention, removalPolicy: RemovalPolicy.RETAIN });

    // Client-assertion signing keys: asymmetric keys cannot rotate automatically, so rotation is by generations.
    this.signingKeys = (props.signingKeyVersions ?? DEFAULT_SIGNING_KEY_VERSIONS).map(
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

    this.proxyLogGroup = logGroup('ProxyLogs');
    this.jwksLogGroup = logGroup('JwksLogs');
    if (props.vpc) {
      this.securityGroup = new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
        vpc: props.vpc,
        description: 'Identity proxy and JWKS functions: outbound HTTPS only (providers, KMS, Secrets Manager)',
        allowAllOutbound: false,
      });
      this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the identity providers and AWS APIs');
    }

    const proxied: ProxiedProvider[] = props.federations.map((f) => {
      const secret = new secretsmanager.Secret(this, `${f.definition.constructId}ClientSecret`, {
        encryptionKey: props.secretsKey,
        description: `The client secret Cognito presents to the identity proxy for ${f.definition.label} (never sent to the provider)`,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.clientSecrets[f.definition.key] = secret;
      // Key order is the released PROVIDERS environment: name, kind, issuer, clientId, secret, assurance, prompt.
      return {
        name: f.definition.route,
        kind: f.definition.kind,
        issuer: f.issuer,
        clientId: f.clientId,
        clientSecretArn: secret.secretArn,
        [f.definition.assurance.requiredField]: f.requiredAssurance,
        promptLogin: f.promptLogin,
      } as unknown as ProxiedProvider;
    });

    const concurrency = props.reservedConcurrentExecutions ?? RESERVED_CONCURRENCY.default;
    this.proxyFunction = new lambda.Function(this, 'ProxyFunction', {
      ...this.functionDefaults(),
      description: 'Identity proxy: adds assurance to authorize requests, signs client assertions, checks ID token assurance',
      code: runtimeCode(path.join(__dirname, 'runtime', 'proxy.lambda.ts')),
      logGroup: this.proxyLogGroup,
      reservedConcurrentExecutions: concurrency,
      role: this.functionRole('ProxyRole', this.proxyLogGroup, [
        new iam.PolicyStatement({ actions: ['kms:Sign'], resources: [this.currentSigningKey.keyArn] }),
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: Object.values(this.clientSecrets).map((x) => x.secretArn) }),
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
      ...this.functionDefaults(),
      description: 'Publishes the public client-assertion signing keys as a JWKS',
      code: runtimeCode(path.join(__dirname, 'runtime', 'jwks.lambda.ts')),
      logGroup: this.jwksLogGroup,
      reservedConcurrentExecutions: jwksConcurrency(concurrency),
      role: this.functionRole('JwksRole', this.jwksLogGroup, [new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: this.signingKeys.map((k) => k.keyArn) })]),
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
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(logGroup('ApiAccessLogs')), format: apigw.AccessLogFormat.jsonWithStandardFields() },
    });
    const proxyIntegration = new HttpLambdaIntegration('ProxyIntegration', this.proxyFunction);
    const { GET, POST } = apigwv2.HttpMethod;
    for (const f of props.federations) {
      const route = f.definition.route;
      this.api.addRoutes({ path: `/${route}/authorize`, methods: [GET], integration: proxyIntegration });
      this.api.addRoutes({ path: `/${route}/token`, methods: [POST], integration: proxyIntegration });
      this.api.addRoutes({ path: `/${route}/userinfo`, methods: [GET, POST], integration: proxyIntegration });
      this.api.addRoutes({ path: `/${route}/jwks`, methods: [GET], integration: proxyIntegration });
    }
    this.api.addRoutes({ path: '/.well-known/jwks.json', methods: [GET], integration: new HttpLambdaIntegration('JwksIntegration', this.jwksFunction) });
    this.jwksUrl = `${this.api.apiEndpoint}/.well-known/jwks.json`;

    this.recordDesignFindings();
  }

  /** The proxy's endpoints for the provider served under `route`: what Cognito's OIDC provider calls. */
  public endpointsFor(route: string): ProxyEndpoints {
    const base = `${this.api.apiEndpoint}/${route}`;
    return { authorization: `${base}/authorize`, token: `${base}/token`, userInfo: `${base}/userinfo`, jwksUri: `${base}/jwks` };
  }

  private functionDefaults() {
    const vpc = this.props.vpc;
    return {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      memorySize: 256,
      timeout: Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      vpc,
      vpcSubnets: vpc ? (this.props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }) : undefined,
      securityGroups: this.securityGroup ? [this.securityGroup] : undefined,
    };
  }

  /**
   * A function role holding exactly one customer-managed policy written here (no inline or AWS
   * managed policies); the function sees the role as immutable so nothing else is added behind our back.
   */
  private functionRole(roleId: string, group: logs.LogGroup, statements: iam.PolicyStatement[]): iam.IRole {
    const role = new iam.Role(this, roleId, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const base = [
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [group.logGroupArn] }),
      new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
    ];
    if (this.props.vpc) {
      base.push(
        new iam.PolicyStatement({
          actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
          resources: ['*'],
        }),
      );
    }
    this.policies.push(new iam.ManagedPolicy(this, `${roleId}Policy`, { roles: [role], statements: [...base, ...statements] }));
    return role.withoutPolicyUpdates();
  }

  /** Findings that are the design of an OAuth proxy, not gaps, each on the construct that raises it. */
  private recordDesignFindings(): void {
    DesignFindings.of(this.api).add(
      'AwsSolutions-APIG4',
      'OAuth endpoints cannot sit behind an API authorizer: browsers reach /authorize unauthenticated by design, /token authenticates Cognito by client secret in the Lambda (constant-time compare), and the JWKS and provider JWKS are public keys.',
    );
    // Raised on the routes (authorization type NONE) and the Lambda permissions below the API.
    DesignFindings.of(this.api).addAll(
      ['cdk-validator-cfnguard::lambda_function_public_access_prohibited_check', 'cdk-validator-cfnguard::api_gw_v2_authorization_type_configured_check'],
      'The OAuth authorize, token, userinfo and JWKS routes must be reachable by browsers, Cognito and the identity provider; the token route authenticates Cognito by client secret, and each Lambda permission is limited to this API (SourceArn).',
    );
    const rotation =
      'The secret is shared by the Cognito identity provider and the proxy and never leaves AWS (the providers see only signed assertions); rotating it needs both updated together, done by redeploying with a new secret version.';
    for (const secret of Object.values(this.clientSecrets)) {
      DesignFindings.of(secret).addAll(['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'], rotation);
    }
    for (const policy of this.policies) {
      DesignFindings.of(policy).add(
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords) and Lambda VPC network interfaces (ec2:*NetworkInterface*) support no resource-level permissions.',
      );
    }
    const dlq = 'API Gateway invokes these functions synchronously and gets every error as the HTTP answer; a dead-letter queue only receives failed asynchronous invocations, of which there are none.';
    for (const fn of [this.proxyFunction, this.jwksFunction]) {
      DesignFindings.of(fn).addAll(['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ'], dlq);
    }
  }
}
