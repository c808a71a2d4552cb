import * as path from 'path';
import { Annotations, ArnFormat, Duration, RemovalPolicy, Stack, CfnResource } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as healthlake from 'aws-cdk-lib/aws-healthlake';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { runtimeCode } from '../core/runtime-code';
import { auditRetentionProblem, httpsUrlProblem, odsCodeProblem, securityRetentionProblem } from '../core/checks';
import { throwIfProblems, type PropsProblem } from '../core/errors';
import { recordFhirDesignFindings } from './design-findings';
import { ENV } from './runtime/env';
import { NHS_NUMBER_SYSTEM } from './runtime/nhs-number';
import { ASYMMETRIC_ALGORITHMS, DEFAULT_TOKEN_ALGORITHMS, rolePolicyProblems, type RoleClaimSource, type RolePolicy } from './runtime/role-policy';
import {
  identityOf, renderedResource, replacementProblems, REPLACEMENT_PROPERTIES,
  type FhirStoreIdentity, type FhirStoreLock, type FhirStoreReplacement,
} from './store-guard';

/** The trust environment: Synthea preload is refused in `prod`. */
export type FhirEnvironment = 'dev' | 'test' | 'prod';

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

/** Props of {@link AuditedFhirStore}. */
export interface AuditedFhirStoreProps {
  /** The trust's ODS code: names the store and identifies the trust in every AuditEvent. */
  readonly odsCode: string;
  /** The trust environment; Synthea preload is an error in `prod`. */
  readonly environment: FhirEnvironment;
  /** Encrypts the data store (CUSTOMER_MANAGED_KMS_KEY) and the Lambda environments: the KeyRing data key. */
  readonly dataKey: kms.IKey;
  /** Encrypts every log group and the audit delivery stream: the KeyRing logs key. */
  readonly logsKey: kms.IKey;
  /** The audit archive (Object Lock) bucket AuditEvents are delivered to. */
  readonly archiveBucket: s3.IBucket;
  /**
   * The key the archive bucket is encrypted with, for objects the delivery stream writes.
   *
   * @default - the bucket's own encryption key, else `logsKey`
   */
  readonly archiveKey?: kms.IKey;
  /**
   * Days the audit log group keeps AuditEvents (rounded up to a CloudWatch Logs retention period).
   *
   * @default - 2922 (8 years)
   */
  readonly auditRetentionDays?: number;
  /**
   * Days the gateway's access and function log groups are kept.
   *
   * @default - 400
   */
  readonly securityRetentionDays?: number;
  /** Who issues the bearer tokens. */
  readonly tokenIssuer: FhirTokenIssuer;
  /** Role (or activity code, or group) -> resource type (or `*`) -> allowed interactions. Deny by default. */
  readonly rolePolicy: RolePolicy;
  /**
   * The released identity of the data store, or `'unreleased'` before its first deploy. Synth
   * fails when a replacement-causing property differs from it (see {@link allowReplacement}).
   */
  readonly storeLock: FhirStoreLock;
  /**
   * Explicit permission to replace the store through the named properties, each with a reason.
   *
   * @default - none: any change of a replacement-causing property fails synth
   */
  readonly allowReplacement?: readonly FhirStoreReplacement[];
  /**
   * The data store name.
   *
   * @default - `<odscode>-<environment>-fhir`, lower case
   */
  readonly datastoreName?: string;
  /**
   * Preload Synthea synthetic patients (dev and test only).
   *
   * @default false
   */
  readonly preloadSynthea?: boolean;
  /**
   * A WAFv2 web ACL (REGIONAL scope) to associate with the gateway stage, e.g. the trust's own.
   *
   * @default - a web ACL of this construct: AWS managed common (body size rule counted only, since
   * FHIR bodies exceed 8 KB), known-bad-inputs and IP reputation rule groups, and 1000 requests
   * per 5 minutes per client IP
   */
  readonly wafWebAclArn?: string;
  /**
   * A VPC for the gateway's Lambda functions (the authoriser then needs a route to the issuer's JWKS).
   *
   * @default - the functions run outside a VPC
   */
  readonly vpc?: ec2.IVpc;
  /**
   * A custom domain (TLS 1.2 security policy); the default execute-api endpoint is then disabled.
   *
   * @default - the execute-api endpoint only
   */
  readonly domain?: FhirGatewayDomain;
  /**
   * Steady-state requests per second across the stage.
   *
   * @default 50
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst requests across the stage.
   *
   * @default 100
   */
  readonly throttlingBurstLimit?: number;
  /**
   * Reserved concurrency of each gateway function (also its upper bound, so a flood cannot
   * starve the account's other functions). Needs an account concurrency quota above 10 + 2x this.
   *
   * @default 25
   */
  readonly reservedConcurrency?: number;
  /**
   * API Gateway execution logging at ERROR level. Needs the account's API Gateway CloudWatch Logs
   * role (one `AWS::ApiGateway::Account` per account and region, which this construct does not create).
   *
   * @default true
   */
  readonly executionLogging?: boolean;
}

/** CloudWatch Logs retention periods (days). */
const CW_RETENTION: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The smallest CloudWatch Logs retention at least `days` long (infinite above 10 years). */
export function retentionAtLeast(days: number): logs.RetentionDays {
  const hit = CW_RETENTION.find((d) => d >= days);
  return hit === undefined ? logs.RetentionDays.INFINITE : (hit as logs.RetentionDays);
}

/** The HealthLake data-plane actions the proxy may call, on this data store only. */
export const HEALTHLAKE_PROXY_ACTIONS: readonly string[] = [
  'healthlake:ReadResource', 'healthlake:SearchWithGet', 'healthlake:SearchWithPost', 'healthlake:CreateResource',
  'healthlake:UpdateResource', 'healthlake:DeleteResource', 'healthlake:GetCapabilities',
];

/** The archive prefix of AuditEvents: partitioned by NHS number and day, so one patient's range is a cheap listing. */
export const AUDIT_ARCHIVE_PREFIX = 'fhir-audit/nhs=!{partitionKeyFromQuery:nhs}/date=!{partitionKeyFromQuery:date}/';

/**
 * An Amazon HealthLake FHIR R4 data store behind an auditing FHIR gateway.
 *
 * The store is encrypted with the trust's data key, uses AWS_AUTH (only the proxy's role can
 * call it), is retained on delete and replace, and is guarded against property changes that
 * would replace it. The gateway (API Gateway REST, regional) authenticates bearer tokens in a
 * Lambda authoriser, enforces the role policy, and a proxy Lambda writes one FHIR AuditEvent
 * per request to an encrypted log group before forwarding the SigV4-signed request. The audit
 * log group streams to the archive bucket partitioned by NHS number and date.
 */
export class AuditedFhirStore extends Construct {
  /** The HealthLake data store. */
  public readonly store: healthlake.CfnFHIRDatastore;
  /** The identity of the store as rendered (commit it as `storeLock` once released). */
  public readonly storeIdentity: FhirStoreIdentity;
  /** The FHIR gateway. */
  public readonly api: apigw.RestApi;
  /** The token and role authoriser. */
  public readonly authoriserFunction: lambda.Function;
  /** The auditing proxy to HealthLake. */
  public readonly proxyFunction: lambda.Function;
  /** The log group AuditEvents are written to (one JSON AuditEvent per log event). */
  public readonly auditLogGroup: logs.LogGroup;
  /** The gateway's access log group. */
  public readonly accessLogGroup: logs.LogGroup;
  /** The delivery stream from the audit log group to the archive bucket. */
  public readonly auditArchiveStream: firehose.CfnDeliveryStream;
  /** The authoriser's execution role. */
  public readonly authoriserRole: iam.Role;
  /** The proxy's execution role. */
  public readonly proxyRole: iam.Role;
  /** The authoriser's managed policy. */
  public readonly authoriserPolicy: iam.ManagedPolicy;
  /** The proxy's managed policy. */
  public readonly proxyPolicy: iam.ManagedPolicy;
  /** The delivery stream role's managed policy. */
  public readonly archiveDeliveryPolicy!: iam.ManagedPolicy;
  /** The archive bucket AuditEvents are delivered to (as given). */
  public readonly archiveBucket: s3.IBucket;
  /** Whether the functions run in a VPC. */
  public readonly inVpc: boolean;

  constructor(scope: Construct, id: string, props: AuditedFhirStoreProps) {
    super(scope, id);
    const stack = Stack.of(this);
    throwIfProblems(`AuditedFhirStore ${this.node.path}`, auditedFhirStoreProblems(props));
    this.archiveBucket = props.archiveBucket;
    this.inVpc = props.vpc !== undefined;
    const securityRetention = retentionAtLeast(props.securityRetentionDays ?? 400);

    // ---- The data store --------------------------------------------------------------------
    const datastoreName = props.datastoreName ?? `${props.odsCode.toLowerCase()}-${props.environment}-fhir`;
    this.store = new healthlake.CfnFHIRDatastore(this, 'Store', {
      datastoreName,
      datastoreTypeVersion: 'R4',
      sseConfiguration: { kmsEncryptionConfig: { cmkType: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: props.dataKey.keyArn } },
      identityProviderConfiguration: { authorizationStrategy: 'AWS_AUTH' },
      ...(props.preloadSynthea ? { preloadDataConfig: { preloadDataType: 'SYNTHEA' } } : {}),
    });
    this.store.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // HealthLake uses the data key through grants it creates in the caller's name.
    props.dataKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowHealthLakeUseOfDataKey',
      principals: [new iam.AccountRootPrincipal()],
      actions: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:ViaService': `healthlake.${stack.region}.amazonaws.com`, 'kms:CallerAccount': stack.account } },
    }));
    this.storeIdentity = identityOf(renderedResource(this.store).properties);
    this.store.addMetadata('Rootstock::StoreIdentity', this.storeIdentity);

    const allowed = props.allowReplacement ?? [];
    for (const a of allowed) {
      Annotations.of(this).addWarningV2('@nhsx/rootstock:fhirStoreReplacementAllowed', `Replacement of the FHIR data store through ${a.property} is allowed: ${a.reason}`);
    }
    const problems = replacementProblems(this.node.path, this.storeIdentity, props.storeLock, allowed);
    throwIfProblems(`AuditedFhirStore ${this.node.path}`, problems.map((message) => ({ field: 'storeLock', message })));
    if (props.storeLock === 'unreleased' && props.environment === 'prod') {
      Annotations.of(this).addWarningV2(
        '@nhsx/rootstock:fhirStoreUnlocked',
        `The FHIR data store has no storeLock, so nothing stops a change that replaces it. After the first deploy, set storeLock to ${JSON.stringify(this.storeIdentity)}.`,
      );
    }
    // Escape hatches (addPropertyOverride, addOverride) bypass the props above: re-read the
    // resource as it will be rendered, at synth, and refuse any drift from the recorded identity.
    this.node.addValidation({
      validate: () => {
        const rendered = renderedResource(this.store);
        const now = identityOf(rendered.properties);
        const errors = REPLACEMENT_PROPERTIES.filter((p) => now[p] !== this.storeIdentity[p]).map(
          (p) => `${p} of the FHIR data store was changed by an escape-hatch override (from '${this.storeIdentity[p]}' to '${now[p]}'). Changing ${p} replaces the store and deletes its data; set it through AuditedFhirStore props (guarded by storeLock) instead.`,
        );
        if (rendered.deletionPolicy !== 'Retain' || rendered.updateReplacePolicy !== 'Retain') {
          errors.push(`the FHIR data store must keep DeletionPolicy and UpdateReplacePolicy Retain; got ${rendered.deletionPolicy ?? 'none'} and ${rendered.updateReplacePolicy ?? 'none'}.`);
        }
        return errors;
      },
    });
    const storeArn = this.store.attrDatastoreArn;

    // ---- Audit log group and its archive delivery -------------------------------------------
    this.auditLogGroup = this.logGroup('AuditLog', props.logsKey, retentionAtLeast(props.auditRetentionDays ?? 2922));
    this.auditArchiveStream = this.archiveDelivery(props);

    // ---- Lambdas -----------------------------------------------------------------------------
    const issuer = props.tokenIssuer;
    const rolePolicyJson = JSON.stringify(props.rolePolicy);
    const common: Partial<lambda.FunctionProps> = {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      environmentEncryption: props.dataKey,
      tracing: lambda.Tracing.ACTIVE,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : undefined,
      reservedConcurrentExecutions: props.reservedConcurrency ?? 25,
    };
    const authoriserLog = this.logGroup('AuthoriserLog', props.logsKey, securityRetention);
    const proxyLog = this.logGroup('ProxyLog', props.logsKey, securityRetention);
    const authoriserRole = this.functionRole('Authoriser', 'FHIR gateway authoriser', props.vpc);
    const proxyRole = this.functionRole('Proxy', 'FHIR gateway proxy', props.vpc);
    this.authoriserRole = authoriserRole.role;
    this.proxyRole = proxyRole.role;
    this.authoriserPolicy = authoriserRole.policy;
    this.proxyPolicy = proxyRole.policy;
    const sharedEnv = {
      [ENV.rolePolicy]: rolePolicyJson,
      [ENV.odsCode]: props.odsCode,
      [ENV.auditLogGroup]: this.auditLogGroup.logGroupName,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    };
    this.authoriserFunction = new lambda.Function(this, 'Authoriser', {
      ...common,
      role: authoriserRole.role.withoutPolicyUpdates(),
      description: 'FHIR gateway: verifies bearer tokens and applies the role policy; audits refusals.',
      code: runtimeCode(path.join(__dirname, 'runtime', 'authoriser.lambda.ts')),
      handler: 'index.handler',
      memorySize: 256,
      timeout: Duration.seconds(10),
      logGroup: authoriserLog,
      environment: {
        ...sharedEnv,
        [ENV.issuer]: issuer.issuer,
        [ENV.audience]: (typeof issuer.audience === 'string' ? [issuer.audience] : [...issuer.audience]).join(','),
        [ENV.jwksUri]: issuer.jwksUri ?? `${issuer.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`,
        [ENV.algorithms]: [...(issuer.algorithms ?? DEFAULT_TOKEN_ALGORITHMS)].join(','),
        [ENV.roleClaim]: issuer.roleClaim,
      },
    } as lambda.FunctionProps);
    this.proxyFunction = new lambda.Function(this, 'Proxy', {
      ...common,
      role: proxyRole.role.withoutPolicyUpdates(),
      description: 'FHIR gateway: writes one AuditEvent per request, then forwards it to HealthLake signed with SigV4.',
      code: runtimeCode(path.join(__dirname, 'runtime', 'proxy.lambda.ts')),
      handler: 'index.handler',
      memorySize: 512,
      timeout: Duration.seconds(29),
      logGroup: proxyLog,
      environment: { ...sharedEnv, [ENV.endpoint]: this.store.attrDatastoreEndpoint },
    } as lambda.FunctionProps);
    // Permissions live in customer managed policies (no inline policies, no AWS managed
    // BasicExecutionRole): each function writes only its own log group and the audit log group.
    const xray = new iam.PolicyStatement({ sid: 'XRayTracing', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] });
    const envKey = new iam.PolicyStatement({ sid: 'DecryptEnvironment', actions: ['kms:Decrypt'], resources: [props.dataKey.keyArn] });
    const writeLogs = (...groups: logs.ILogGroup[]) =>
      new iam.PolicyStatement({ sid: 'WriteOwnAndAuditLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: groups.map((g) => g.logGroupArn) });
    authoriserRole.policy.addStatements(writeLogs(authoriserLog, this.auditLogGroup), xray, envKey);
    proxyRole.policy.addStatements(
      writeLogs(proxyLog, this.auditLogGroup),
      xray,
      envKey,
      new iam.PolicyStatement({ sid: 'ThisFhirStoreOnly', actions: [...HEALTHLAKE_PROXY_ACTIONS], resources: [storeArn] }),
      // HealthLake reads and writes encrypted resources with the data key on the caller's behalf.
      new iam.PolicyStatement({ sid: 'UseDataKeyForHealthLake', actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], resources: [props.dataKey.keyArn] }),
    );

    // ---- API Gateway -------------------------------------------------------------------------
    this.accessLogGroup = this.logGroup('AccessLog', props.logsKey, securityRetention);
    const executionLogging = props.executionLogging ?? true;
    this.api = new apigw.RestApi(this, 'Api', {
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
      handler: this.authoriserFunction,
      // Decisions depend on method, path and query, so nothing is cached; with no identity
      // source API Gateway calls the authoriser even without a token, so that refusal is audited.
      identitySources: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    (authoriser.node.defaultChild as CfnResource).addPropertyDeletionOverride('IdentitySource');
    const bodyModel = this.api.addModel('FhirResource', {
      contentType: 'application/json',
      modelName: 'FhirResource',
      schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT, required: ['resourceType'], properties: { resourceType: { type: apigw.JsonSchemaType.STRING, pattern: '^[A-Z][A-Za-z]+$' } } },
    });
    const bodyValidator = this.api.addRequestValidator('BodyValidator', { validateRequestBody: true, validateRequestParameters: true });
    const integration = new apigw.LambdaIntegration(this.proxyFunction, { proxy: true });
    const fhirResource = this.api.root.addResource('{proxy+}');
    for (const method of ['GET', 'DELETE']) {
      fhirResource.addMethod(method, integration, { authorizer: authoriser, authorizationType: apigw.AuthorizationType.CUSTOM });
    }
    for (const method of ['POST', 'PUT']) {
      fhirResource.addMethod(method, integration, {
        authorizer: authoriser,
        authorizationType: apigw.AuthorizationType.CUSTOM,
        requestValidator: bodyValidator,
        requestModels: { 'application/json': bodyModel, 'application/fhir+json': bodyModel },
      });
    }
    fhirResource.addMethod('PATCH', integration, { authorizer: authoriser, authorizationType: apigw.AuthorizationType.CUSTOM });

    if (props.domain) {
      this.api.addDomainName('Domain', {
        domainName: props.domain.domainName,
        certificate: props.domain.certificate,
        endpointType: apigw.EndpointType.REGIONAL,
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
    }
    const webAclArn = props.wafWebAclArn ?? this.defaultWebAcl(`${props.odsCode}-${props.environment}-fhir-gateway`, props.logsKey, securityRetention).attrArn;
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: this.api.deploymentStage.stageArn, webAclArn });
    recordFhirDesignFindings(this);
  }

  /** The gateway's FHIR base URL (execute-api stage URL). */
  public get url(): string {
    return this.api.url;
  }

  /**
   * A function role with one customer managed policy (filled by the caller) and, in a VPC,
   * AWS's ENI policy (ENI management has no resource-level scoping).
   */
  private functionRole(id: string, what: string, vpc: ec2.IVpc | undefined): { role: iam.Role; policy: iam.ManagedPolicy } {
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${what}.`,
      managedPolicies: vpc ? [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole')] : [],
    });
    const policy = new iam.ManagedPolicy(this, `${id}Policy`, { description: `Permissions of the ${what}.`, roles: [role] });
    return { role, policy };
  }

  private defaultWebAcl(name: string, logsKey: kms.IKey, retention: logs.RetentionDays): wafv2.CfnWebACL {
    const managed = (priority: number, ruleName: string, overrides: string[] = []): wafv2.CfnWebACL.RuleProperty => ({
      name: ruleName,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: ruleName,
          ...(overrides.length ? { ruleActionOverrides: overrides.map((o) => ({ name: o, actionToUse: { count: {} } })) } : {}),
        },
      },
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: ruleName },
    });
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: name },
      rules: [
        managed(0, 'AWSManagedRulesAmazonIpReputationList'),
        managed(1, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
        managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
        {
          name: 'RateLimitPerIp',
          priority: 3,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } },
          visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'RateLimitPerIp' },
        },
      ],
    });
    // WAF logs go to a log group whose name must start with aws-waf-logs-; bearer tokens are redacted.
    const logGroupName = `aws-waf-logs-${name}`;
    const wafLog = new logs.LogGroup(this, 'WebAclLog', { logGroupName, encryptionKey: logsKey, retention, removalPolicy: RemovalPolicy.RETAIN });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: acl.attrArn,
      logDestinationConfigs: [Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
    });
    logging.node.addDependency(wafLog);
    return acl;
  }

  private logGroup(id: string, key: kms.IKey, retention: logs.RetentionDays): logs.LogGroup {
    return new logs.LogGroup(this, id, { encryptionKey: key, retention, removalPolicy: RemovalPolicy.RETAIN });
  }

  /**
   * Audit log group -> subscription -> Firehose (native decompression, message extraction and
   * JQ partitioning, no Lambda) -> archive bucket under `fhir-audit/nhs=<n>/date=<yyyy-mm-dd>/`.
   */
  private archiveDelivery(props: AuditedFhirStoreProps): firehose.CfnDeliveryStream {
    const stack = Stack.of(this);
    const archiveKey = props.archiveKey ?? props.archiveBucket.encryptionKey ?? props.logsKey;
    const errorLog = this.logGroup('ArchiveDeliveryLog', props.logsKey, retentionAtLeast(props.securityRetentionDays ?? 400));
    const errorStream = new logs.LogStream(this, 'ArchiveDeliveryLogStream', { logGroup: errorLog, removalPolicy: RemovalPolicy.RETAIN });
    const role = new iam.Role(this, 'ArchiveDeliveryRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'Delivers FHIR AuditEvents from the audit log group to the archive bucket.',
    });
    const rolePolicy = new iam.ManagedPolicy(this, 'ArchiveDeliveryPolicy', {
      description: 'Permissions of the FHIR audit archive delivery stream.',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'WriteAuditPrefixes',
          actions: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
          resources: [props.archiveBucket.bucketArn, props.archiveBucket.arnForObjects('fhir-audit/*'), props.archiveBucket.arnForObjects('fhir-audit-errors/*')],
        }),
        new iam.PolicyStatement({ sid: 'UseKeys', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [archiveKey.keyArn, props.logsKey.keyArn] }),
        new iam.PolicyStatement({ sid: 'WriteDeliveryErrors', actions: ['logs:PutLogEvents'], resources: [errorLog.logGroupArn] }),
      ],
    });
    // Partition keys: the first NHS number among the entities (or "none"), and the recorded day.
    const jq = `{nhs: ([.entity[]?.what.identifier? | select(.system? == "${NHS_NUMBER_SYSTEM}") | .value] | first // "none"), date: (.recorded[0:10])}`;
    const stream = new firehose.CfnDeliveryStream(this, 'ArchiveDelivery', {
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: props.logsKey.keyArn },
      extendedS3DestinationConfiguration: {
        bucketArn: props.archiveBucket.bucketArn,
        roleArn: role.roleArn,
        prefix: AUDIT_ARCHIVE_PREFIX,
        errorOutputPrefix: 'fhir-audit-errors/!{firehose:error-output-type}/date=!{timestamp:yyyy-MM-dd}/',
        bufferingHints: { intervalInSeconds: 300, sizeInMBs: 64 },
        compressionFormat: 'GZIP',
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: archiveKey.keyArn } },
        cloudWatchLoggingOptions: { enabled: true, logGroupName: errorLog.logGroupName, logStreamName: errorStream.logStreamName },
        dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
        processingConfiguration: {
          enabled: true,
          processors: [
            { type: 'Decompression', parameters: [{ parameterName: 'CompressionFormat', parameterValue: 'GZIP' }] },
            { type: 'CloudWatchLogProcessing', parameters: [{ parameterName: 'DataMessageExtraction', parameterValue: 'true' }] },
            { type: 'MetadataExtraction', parameters: [
              { parameterName: 'MetadataExtractionQuery', parameterValue: jq },
              { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
            ] },
            { type: 'AppendDelimiterToRecord', parameters: [] },
          ],
        },
      },
    });
    stream.node.addDependency(rolePolicy);
    (this as { archiveDeliveryPolicy: iam.ManagedPolicy }).archiveDeliveryPolicy = rolePolicy;
    const subscriptionRole = new iam.Role(this, 'AuditSubscriptionRole', {
      assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', {
        conditions: { ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
      }),
      description: 'Lets CloudWatch Logs put FHIR AuditEvents into the archive delivery stream.',
    });
    const subscriptionPolicy = new iam.ManagedPolicy(this, 'AuditSubscriptionPolicy', {
      description: 'Lets CloudWatch Logs put FHIR AuditEvents into the archive delivery stream.',
      roles: [subscriptionRole],
      statements: [new iam.PolicyStatement({ actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'], resources: [stream.attrArn] })],
    });
    const subscription = new logs.CfnSubscriptionFilter(this, 'AuditArchiveSubscription', {
      logGroupName: this.auditLogGroup.logGroupName,
      filterPattern: '',
      destinationArn: stream.attrArn,
      roleArn: subscriptionRole.roleArn,
    });
    subscription.node.addDependency(subscriptionPolicy);
    return stream;
  }
}

/** What is wrong with an {@link AuditedFhirStore}'s plain-data props (empty when nothing is). */
export function auditedFhirStoreProblems(
  props: Pick<AuditedFhirStoreProps, 'odsCode' | 'environment' | 'rolePolicy' | 'tokenIssuer' | 'preloadSynthea' | 'allowReplacement' | 'auditRetentionDays' | 'securityRetentionDays'>,
): PropsProblem[] {
  const problems: PropsProblem[] = [];
  const add = (field: string, message: string | undefined) => {
    if (message) problems.push({ field, message });
  };
  add('odsCode', odsCodeProblem(props.odsCode));
  for (const p of rolePolicyProblems(props.rolePolicy)) add('rolePolicy', p);
  if (props.preloadSynthea && props.environment === 'prod') {
    add('preloadSynthea', 'must be false in a prod environment: synthetic patients must never mix with real records (and changing it later replaces the store). Remove it, or use environment: dev or test');
  }
  const issuer = props.tokenIssuer;
  add('tokenIssuer.issuer', httpsUrlProblem(issuer.issuer, 'the token issuer exactly as in the iss claim'));
  if (issuer.jwksUri !== undefined) add('tokenIssuer.jwksUri', httpsUrlProblem(issuer.jwksUri, "the issuer's JWKS URL"));
  const audiences = typeof issuer.audience === 'string' ? [issuer.audience] : issuer.audience;
  if (audiences.length === 0 || audiences.some((a) => !a || a.includes(','))) add('tokenIssuer.audience', `must name at least one audience without commas, got ${JSON.stringify(issuer.audience)}`);
  if (issuer.roleClaim !== 'cis2' && issuer.roleClaim !== 'cognito') add('tokenIssuer.roleClaim', `must be 'cis2' or 'cognito', got '${issuer.roleClaim}'`);
  const algs = issuer.algorithms ?? DEFAULT_TOKEN_ALGORITHMS;
  const bad = algs.filter((a) => !ASYMMETRIC_ALGORITHMS.includes(a));
  if (algs.length === 0 || bad.length) {
    add('tokenIssuer.algorithms', `must be asymmetric JWS algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}); got ${bad.join(', ') || 'none'}. HS256 would let anyone holding the public key forge tokens`);
  }
  for (const a of props.allowReplacement ?? []) {
    if (!(REPLACEMENT_PROPERTIES as readonly string[]).includes(a.property)) add('allowReplacement', `property '${a.property}' must be one of ${REPLACEMENT_PROPERTIES.join(', ')}`);
    if (!a.reason || a.reason.trim().length < 10) add('allowReplacement', `for ${a.property} needs a reason (at least 10 characters) saying how the data is exported and restored`);
  }
  if (props.auditRetentionDays !== undefined) add('auditRetentionDays', auditRetentionProblem(props.auditRetentionDays));
  if (props.securityRetentionDays !== undefined) add('securityRetentionDays', securityRetentionProblem(props.securityRetentionDays));
  return problems;
}
