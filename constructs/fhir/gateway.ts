import { CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOG_GROUP_RETENTION_DAYS, logRetentionAtLeast } from '../core/checks';

/** CloudWatch Logs' longest finite retention: 10 years. */
const MAX_FINITE_LOG_RETENTION_DAYS = Math.max(...LOG_GROUP_RETENTION_DAYS);
import { DesignFindings } from '../core/design-findings';
import { DEFAULT_LOG_RETENTION_DAYS } from '../core/operational-props';
import type { FhirDataStore } from './data-store';
import { emergencyAccessAlarm, failClosedAlarm } from './gateway-alarms';
import { authoriserEnvironment, proxyEnvironment } from './gateway-environment';
import { gatewayFunction, type GatewayFunction } from './gateway-function';
import type { EmergencyAccess } from './runtime/emergency-access';
import type { RoleClaimSource, RolePolicy } from './runtime/role-policy';

/** Who issues the bearer tokens the gateway accepts. */
export interface FhirTokenIssuer {
  /** The issuer (`iss`) exactly as in tokens: the Cognito user pool issuer, or the CIS2 issuer. */
  readonly issuer: string;
  /** Accepted audiences (`aud`): the app client id(s) or the CIS2 client id. */
  readonly audience: string | readonly string[];
  /**
   * The issuer's JWKS URL.
   *
   * @default - `<issuer>/.well-known/jwks.json` (Cognito's location; CIS2 publishes its own, read it from discovery)
   */
  readonly jwksUri?: string;
  /** Where roles are read: `cis2` (`nhsid_nrbac_roles`) or `cognito` (`cognito:groups`). */
  readonly roleClaim: RoleClaimSource;
  /**
   * Accepted JWS algorithms: asymmetric only.
   *
   * @default - RS256 and ES256
   */
  readonly algorithms?: readonly string[];
}

/** A custom domain for the gateway, served with TLS 1.2 or above. */
export interface FhirGatewayDomain {
  readonly domainName: string;
  readonly certificate: acm.ICertificate;
}

/** The HealthLake data-plane actions the proxy may call, on this data store only. */
export const HEALTHLAKE_PROXY_ACTIONS: readonly string[] = [
  'healthlake:ReadResource', 'healthlake:SearchWithGet', 'healthlake:SearchWithPost', 'healthlake:CreateResource',
  'healthlake:UpdateResource', 'healthlake:DeleteResource', 'healthlake:GetCapabilities',
];

/** Props of {@link FhirGateway}. */
export interface FhirGatewayProps {
  /** The trust's ODS code: the audit observer, and part of the API name. */
  readonly odsCode: string;
  /** The trust environment, part of the API name. */
  readonly environment: string;
  /** The data store the proxy forwards to (and is granted on). */
  readonly dataStore: FhirDataStore;
  /** Encrypts the function environments: the data key. */
  readonly dataKey: kms.IKey;
  /** Encrypts every log group. */
  readonly logsKey: kms.IKey;
  /** Who issues the bearer tokens. */
  readonly tokenIssuer: FhirTokenIssuer;
  /** Role -> resource type -> allowed interactions. */
  readonly rolePolicy: RolePolicy;
  /** Organisations besides `odsCode` whose staff may act through the gateway. @default none */
  readonly allowedOrganisations?: readonly string[];
  /** The security topic the fail-closed and emergency access alarms notify. @default - the alarms have no action */
  readonly alarmTopic?: sns.ITopic;
  /** Who may declare an emergency, and what it grants. @default - none: a declaration is refused (400) and audited */
  readonly emergencyAccess?: EmergencyAccess;
  /** @default 2922 */
  readonly auditRetentionDays?: number;
  /** @default 400 */
  readonly logRetentionDays?: number;
  /** @default - outside a VPC */
  readonly vpc?: ec2.IVpc;
  /** @default - the execute-api endpoint only */
  readonly domain?: FhirGatewayDomain;
  /** @default 50 */
  readonly throttlingRateLimit?: number;
  /** @default 100 */
  readonly throttlingBurstLimit?: number;
  /** @default 25 */
  readonly reservedConcurrentExecutions?: number;
  /** @default true */
  readonly executionLogging?: boolean;
  /**
   * The REQUEST authoriser's name in API Gateway.
   *
   * @default - the authoriser construct's unique name
   */
  readonly authoriserName?: string;
}

/**
 * The FHIR gateway: a regional REST API whose every method passes a Lambda REQUEST authoriser
 * (token, role policy; refusals audited) and a Lambda proxy (writes the AuditEvent, then forwards
 * the request to HealthLake signed with SigV4). AuditEvents go to an encrypted log group.
 */
export class FhirGateway extends Construct {
  /** The REST API. */
  public readonly api: apigw.RestApi;
  /** The token and role authoriser. */
  public readonly authoriser: GatewayFunction;
  /** The auditing proxy to HealthLake. */
  public readonly proxy: GatewayFunction;
  /** The log group AuditEvents are written to (one JSON AuditEvent per log event). */
  public readonly auditLogGroup: logs.LogGroup;
  /** The gateway's access log group. */
  public readonly accessLogGroup: logs.LogGroup;
  /** Alarms when an AuditEvent cannot be written, so the gateway refuses requests (fails closed). */
  public readonly failClosedAlarm: cloudwatch.Alarm;
  /** Alarms when a request declares an emergency, when emergency access is configured. */
  public readonly emergencyAccessAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FhirGatewayProps) {
    super(scope, id);
    const retention = (days: number) => (logRetentionAtLeast(days) ?? logs.RetentionDays.INFINITE) as logs.RetentionDays;
    const logRetention = retention(props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS);
    // The archive (Object Lock) keeps every AuditEvent for the full audit retention; the log group is
    // the searchable copy, kept at most CloudWatch's longest finite period (10 years), never "forever".
    const auditLogDays = Math.min(props.auditRetentionDays ?? 2922, MAX_FINITE_LOG_RETENTION_DAYS);
    this.auditLogGroup = new logs.LogGroup(this, 'AuditLog', { encryptionKey: props.logsKey, retention: retention(auditLogDays), removalPolicy: RemovalPolicy.RETAIN });

    const options = {
      environmentKey: props.dataKey,
      logsKey: props.logsKey,
      logRetention,
      vpc: props.vpc,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? 25,
      writesTo: [this.auditLogGroup],
    };
    this.authoriser = gatewayFunction(this, {
      id: 'Authoriser',
      what: 'FHIR gateway authoriser',
      description: 'FHIR gateway: verifies bearer tokens and applies the role policy; audits refusals.',
      entry: 'authoriser.lambda.ts',
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: authoriserEnvironment(props, this.auditLogGroup.logGroupName),
    }, options);
    this.proxy = gatewayFunction(this, {
      id: 'Proxy',
      what: 'FHIR gateway proxy',
      description: 'FHIR gateway: writes one AuditEvent per request, then forwards it to HealthLake signed with SigV4.',
      entry: 'proxy.lambda.ts',
      memorySize: 512,
      timeout: Duration.seconds(29),
      environment: proxyEnvironment(props, this.auditLogGroup.logGroupName, props.dataStore.store.attrDatastoreEndpoint),
    }, options);
    props.dataStore.grantDataAccess(this.proxy.grantee, HEALTHLAKE_PROXY_ACTIONS);
    this.failClosedAlarm = failClosedAlarm(this, [this.authoriser.logGroup, this.proxy.logGroup], props.alarmTopic);
    if (props.emergencyAccess) this.emergencyAccessAlarm = emergencyAccessAlarm(this, this.auditLogGroup, props.alarmTopic);

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLog', { encryptionKey: props.logsKey, retention: logRetention, removalPolicy: RemovalPolicy.RETAIN });
    this.api = this.restApi(props);
    this.recordDesignFindings();
  }

  /** The gateway's FHIR base URL (execute-api stage URL). */
  public get url(): string {
    return this.api.url;
  }

  /** The token authoriser function. */
  public get authoriserFunction(): lambda.Function {
    return this.authoriser.fn;
  }

  /** The proxy function. */
  public get proxyFunction(): lambda.Function {
    return this.proxy.fn;
  }

  private restApi(props: FhirGatewayProps): apigw.RestApi {
    const executionLogging = props.executionLogging ?? true;
    const api = new apigw.RestApi(this, 'Api', {
      restApiName: `${props.odsCode}-${props.environment}-fhir-gateway`,
      description: `FHIR R4 gateway of ${props.odsCode} (${props.environment}): authenticated, role-checked, audited.`,
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      cloudWatchRole: false,
      disableExecuteApiEndpoint: props.domain !== undefined,
      deployOptions: {
        stageName: 'fhir',
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        tracingEnabled: true,
        throttlingRateLimit: props.throttlingRateLimit ?? 50,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
        metricsEnabled: true,
        ...(executionLogging ? { loggingLevel: apigw.MethodLoggingLevel.ERROR, dataTraceEnabled: false } : {}),
      },
    });
    const authoriser = new apigw.RequestAuthorizer(this, 'TokenAuthoriser', {
      handler: this.authoriser.fn,
      authorizerName: props.authoriserName,
      // Decisions depend on method, path and query, so nothing is cached; with no identity
      // source API Gateway calls the authoriser even without a token, so that refusal is audited.
      identitySources: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    (authoriser.node.defaultChild as CfnResource).addPropertyDeletionOverride('IdentitySource');
    const bodyModel = api.addModel('FhirResource', {
      contentType: 'application/json',
      modelName: 'FhirResource',
      schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT, required: ['resourceType'], properties: { resourceType: { type: apigw.JsonSchemaType.STRING, pattern: '^[A-Z][A-Za-z]+$' } } },
    });
    const bodyValidator = api.addRequestValidator('BodyValidator', { validateRequestBody: true, validateRequestParameters: true });
    const integration = new apigw.LambdaIntegration(this.proxy.fn, { proxy: true });
    const fhirResource = api.root.addResource('{proxy+}');
    const authorised = { authorizer: authoriser, authorizationType: apigw.AuthorizationType.CUSTOM };
    for (const method of ['GET', 'DELETE']) fhirResource.addMethod(method, integration, authorised);
    for (const method of ['POST', 'PUT']) {
      fhirResource.addMethod(method, integration, {
        ...authorised,
        requestValidator: bodyValidator,
        requestModels: { 'application/json': bodyModel, 'application/fhir+json': bodyModel },
      });
    }
    fhirResource.addMethod('PATCH', integration, authorised);
    // Every other method (HEAD, OPTIONS, ...) and the base itself reach the authoriser too, so
    // each such request is refused and audited by the gateway, never by API Gateway alone.
    fhirResource.addMethod('ANY', integration, authorised);
    api.root.addMethod('ANY', integration, authorised);
    if (props.domain) {
      api.addDomainName('Domain', {
        domainName: props.domain.domainName,
        certificate: props.domain.certificate,
        endpointType: apigw.EndpointType.REGIONAL,
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
    }
    return api;
  }

  /** The AwsSolutions, HIPAA, NIST and Control Tower findings the gateway raises by design, each with its reason. */
  private recordDesignFindings(): void {
    DesignFindings.of(this.api).add(
      'AwsSolutions-COG4',
      "Callers are NHS staff with CIS2 (or Cognito) tokens verified by the gateway's Lambda authoriser (JWKS signature, issuer, audience, expiry, role policy); a Cognito user pool authoriser cannot verify CIS2 tokens or apply the FHIR role policy.",
    );
    DesignFindings.of(this.api.deploymentStage)
      .addAll(
        ['HIPAA.Security-APIGWCacheEnabledAndEncrypted', 'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted'],
        'Caching is off on purpose: every request is authorised and audited individually, and patient data must not sit in an API Gateway cache.',
      )
      .addAll(
        ['HIPAA.Security-APIGWSSLEnabled', 'NIST.800.53.R5-APIGWSSLEnabled'],
        'The only integration is a Lambda proxy (no HTTP backend), so a backend client certificate has nothing to authenticate; HealthLake is called with SigV4 over TLS.',
      );
    for (const fn of [this.authoriser.fn, this.proxy.fn]) {
      DesignFindings.of(fn).addAll(
        ['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ'],
        'Invoked synchronously by API Gateway: a dead-letter queue only applies to asynchronous invocations; failures are answered to the caller and logged.',
      );
    }
    DesignFindings.of(this).add(
      'cdk-validator-cfnguard::lambda_function_public_access_prohibited_check',
      "Each Lambda permission lets only this FHIR API (SourceArn of its execute-api stage) invoke the function; every request passes the gateway's token authoriser.",
    );
  }
}
