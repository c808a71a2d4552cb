import { Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as healthlake from 'aws-cdk-lib/aws-healthlake';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { throwIfProblems } from '../core/errors';
import { healthLakeRegionProblem } from './regions';
import { keepReleasedLogicalIds } from '../core/logical-ids';
import type { OperationalProps } from '../core/operational-props';
import { ArchiveDelivery } from '../logging/archive-delivery';
import { centralArchiveFolders } from '../logging/central-archive';
import { auditedFhirStoreProblems } from './audited-fhir-store-problems';
import { FhirDataStore, type FhirEnvironment } from './data-store';
import { FhirGateway, type FhirGatewayDomain, type FhirTokenIssuer } from './gateway';
import { keepReleasedApiLogicalIds, uniqueNameBelow } from './released-ids';
import type { EmergencyAccess } from './runtime/emergency-access';
import type { RolePolicy } from './runtime/role-policy';
import type { FhirStoreIdentity, FhirStoreLock, FhirStoreReplacement } from './store-guard';
import { FhirStoreExport } from './store-export';
import { GatewayWebAcl } from './web-acl';

export type { FhirEnvironment } from './data-store';
export type { FhirGatewayDomain, FhirTokenIssuer } from './gateway';

/** Props of {@link AuditedFhirStore}. */
export interface AuditedFhirStoreProps extends OperationalProps {
  /** The trust's ODS code: names the store and identifies the trust in every AuditEvent. */
  readonly odsCode: string;
  /** The trust environment; Synthea preload is an error in `prod`. */
  readonly environment: FhirEnvironment;
  /** Encrypts the data store (CUSTOMER_MANAGED_KMS_KEY) and the Lambda environments: the KeyRing data key. */
  readonly dataKey: kms.IKey;
  /** The audit archive (Object Lock) bucket AuditEvents are delivered to. */
  readonly archiveBucket: s3.IBucket;
  /**
   * The key the archive bucket is encrypted with, for objects the delivery stream writes.
   *
   * @default - the bucket's own encryption key, else `logsKey`
   */
  readonly archiveKey?: kms.IKey;
  /**
   * Deliver AuditEvents in a central archive's layout: under this account's folders
   * (`fhir-audit/<account>/date=.../hour=.../`, errors under `fhir-audit-errors/<account>/`),
   * the only prefixes a `LogArchiveStack` lets a member account write.
   *
   * @default false - straight under `fhir-audit/` and `fhir-audit-errors/` of the trust's own archive
   */
  readonly centralArchiveLayout?: boolean;
  /**
   * Days the audit log group keeps AuditEvents (rounded up to a CloudWatch Logs retention period).
   *
   * @default - 2922 (8 years)
   */
  readonly auditRetentionDays?: number;
  /** Who issues the bearer tokens. */
  readonly tokenIssuer: FhirTokenIssuer;
  /** Role (or activity code, or group) -> resource type (or `*`) -> allowed interactions. Deny by default. */
  readonly rolePolicy: RolePolicy;
  /**
   * Organisations (ODS codes) besides the trust whose staff may act through the gateway: hosted
   * services and shared-care arrangements. A CIS2 caller's selected role must be held at the
   * trust or at one of these.
   *
   * @default - the trust's own organisation only
   */
  readonly allowedOrganisations?: readonly string[];
  /**
   * Emergency ("break glass") access: the roles that may declare an emergency on a request
   * (`X-Emergency-Access: <HL7 v3 ActReason code>; <free text>`), the wider grant it gives, and
   * the window after sign-in in which it is honoured. Every such request is audited with its
   * reason (`purposeOfEvent`) and raises an alarm on `alarmTopic`.
   *
   * @default - no emergency access: a request declaring one is refused (400) and audited
   */
  readonly emergencyAccess?: EmergencyAccess;
  /**
   * When the store is exported to its locked export bucket (HealthLake has no AWS Backup): an
   * EventBridge Scheduler `cron(...)` or `rate(...)` expression, in Europe/London time.
   *
   * @default 'cron(0 2 * * ? *)' - every night at 02:00
   */
  readonly exportSchedule?: string;
  /**
   * Days each export is locked (S3 Object Lock COMPLIANCE) and kept.
   *
   * @default 35
   */
  readonly exportRetentionDays?: number;
  /**
   * The bucket receiving the export bucket's server access logs (the archive's access logs bucket).
   *
   * @default - no access logging of the export bucket (the packs report it)
   */
  readonly accessLogsBucket?: s3.IBucket;
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
   * Reserved concurrent executions of each gateway function (also its upper bound, so a flood
   * cannot starve the account's other functions). Needs an account concurrency quota above 10 + 2x this.
   *
   * @default 25
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * API Gateway execution logging at ERROR level. Needs the account's API Gateway CloudWatch Logs
   * role (one `AWS::ApiGateway::Account` per account and region, which this construct does not create).
   *
   * @default true
   */
  readonly executionLogging?: boolean;
}

/**
 * The archive prefix of AuditEvents: by the day and hour the gateway recorded each event (UTC),
 * never by anything a caller sends, so callers cannot choose where records land and a busy trust
 * keeps one or two active partitions, far below Firehose's 500. The patients are inside each
 * event; `rootstock audit-access` reads every object in the date range.
 */
export const AUDIT_ARCHIVE_PREFIX = 'fhir-audit/date=!{partitionKeyFromQuery:date}/hour=!{partitionKeyFromQuery:hour}/';

/** The partition keys of an AuditEvent, from the time the gateway recorded it (`recorded`, ISO 8601 UTC). */
export const AUDIT_ARCHIVE_PARTITION_QUERY = '{date: (.recorded[0:10]), hour: (.recorded[11:13])}';

/** The archive prefix of AuditEvent records Firehose could not deliver or partition. */
export const AUDIT_ARCHIVE_ERROR_PREFIX = 'fhir-audit-errors/!{firehose:error-output-type}/date=!{timestamp:yyyy-MM-dd}/';

/**
 * The archive prefixes of AuditEvents and of their delivery errors: {@link AUDIT_ARCHIVE_PREFIX} and
 * {@link AUDIT_ARCHIVE_ERROR_PREFIX} in the trust's own archive, or below `account`'s folders in a
 * central archive (`fhir-audit/<account>/date=.../hour=.../`, `fhir-audit-errors/<account>/...`).
 */
export function auditArchivePrefixes(centralAccount?: string): { readonly prefix: string; readonly errorOutputPrefix: string } {
  if (centralAccount === undefined) return { prefix: AUDIT_ARCHIVE_PREFIX, errorOutputPrefix: AUDIT_ARCHIVE_ERROR_PREFIX };
  const folders = centralArchiveFolders(centralAccount);
  return {
    prefix: AUDIT_ARCHIVE_PREFIX.replace(/^fhir-audit\//, folders.fhirAudit),
    errorOutputPrefix: AUDIT_ARCHIVE_ERROR_PREFIX.replace(/^fhir-audit-errors\//, folders.fhirAuditErrors),
  };
}

/**
 * An Amazon HealthLake FHIR R4 data store behind an auditing FHIR gateway.
 *
 * Composed of a {@link FhirDataStore} (encrypted with the data key, AWS_AUTH, retained, guarded
 * against replacement), a {@link FhirGateway} (REST API, token and role authoriser, auditing
 * proxy), an {@link ArchiveDelivery} of the AuditEvents to the Object Lock archive, a regional
 * {@link GatewayWebAcl} unless the trust brings its own, and a {@link FhirStoreExport} (the
 * store's scheduled backup). Every released part keeps the CloudFormation logical ids it was
 * released under.
 */
export class AuditedFhirStore extends Construct {
  /** The data store and its replacement guard. */
  public readonly dataStore: FhirDataStore;
  /** The gateway: REST API, authoriser, proxy, audit log group. */
  public readonly gateway: FhirGateway;
  /** The delivery of AuditEvents to the archive. */
  public readonly archiveDelivery: ArchiveDelivery;
  /** The default web ACL, when no `wafWebAclArn` was given. */
  public readonly webAcl?: GatewayWebAcl;
  /** The scheduled export of the store to a locked bucket. */
  public readonly export: FhirStoreExport;
  /** Who may declare an emergency, and what it grants; undefined when the store has no emergency access. */
  public readonly emergencyAccess?: EmergencyAccess;

  constructor(scope: Construct, id: string, props: AuditedFhirStoreProps) {
    super(scope, id);
    const regionProblem = healthLakeRegionProblem(Stack.of(this).region);
    throwIfProblems(`AuditedFhirStore ${this.node.path}`, [...auditedFhirStoreProblems(props), ...(regionProblem ? [{ field: 'region', message: `(the stack's region) ${regionProblem}` }] : [])]);

    this.emergencyAccess = props.emergencyAccess;
    this.dataStore = new FhirDataStore(this, 'DataStore', props);
    // The authoriser keeps the name it was released under (its id directly below this construct).
    this.gateway = new FhirGateway(this, 'Gateway', { ...props, dataStore: this.dataStore, authoriserName: uniqueNameBelow(this, 'TokenAuthoriser') });
    this.archiveDelivery = new ArchiveDelivery(this, 'Archive', {
      source: this.gateway.auditLogGroup,
      bucket: props.archiveBucket,
      bucketKey: props.archiveKey,
      streamKey: props.logsKey,
      ...auditArchivePrefixes(props.centralArchiveLayout ? Stack.of(this).account : undefined),
      partitionQuery: AUDIT_ARCHIVE_PARTITION_QUERY,
      logRetentionDays: props.logRetentionDays,
      what: 'FHIR AuditEvents',
      name: 'FHIR audit',
    });
    if (!props.wafWebAclArn) {
      this.webAcl = new GatewayWebAcl(this, 'Firewall', { name: `${props.odsCode}-${props.environment}-fhir-gateway`, logsKey: props.logsKey, logRetentionDays: props.logRetentionDays });
    }
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.gateway.api.deploymentStage.stageArn,
      webAclArn: props.wafWebAclArn ?? this.webAcl!.arn,
    });
    this.export = new FhirStoreExport(this, 'Export', {
      dataStore: this.dataStore,
      name: `${props.odsCode.toLowerCase()}-${props.environment}-fhir-export`,
      retentionDays: props.exportRetentionDays,
      schedule: props.exportSchedule,
      accessLogsBucket: props.accessLogsBucket,
      alarmTopic: props.alarmTopic,
    });
    for (const part of [this.dataStore, this.archiveDelivery, this.webAcl]) if (part) keepReleasedLogicalIds(part);
    keepReleasedApiLogicalIds(this.gateway);
  }

  /** The HealthLake data store. */
  public get store(): healthlake.CfnFHIRDatastore {
    return this.dataStore.store;
  }

  /** The identity of the store as rendered (commit it as `storeLock` once released). */
  public get storeIdentity(): FhirStoreIdentity {
    return this.dataStore.storeIdentity;
  }

  /** The FHIR gateway's REST API. */
  public get api(): apigw.RestApi {
    return this.gateway.api;
  }

  /** The gateway's FHIR base URL (execute-api stage URL). */
  public get url(): string {
    return this.gateway.url;
  }

  /** The token and role authoriser. */
  public get authoriserFunction(): lambda.Function {
    return this.gateway.authoriserFunction;
  }

  /** The auditing proxy to HealthLake. */
  public get proxyFunction(): lambda.Function {
    return this.gateway.proxyFunction;
  }

  /** The log group AuditEvents are written to (one JSON AuditEvent per log event). */
  public get auditLogGroup(): logs.LogGroup {
    return this.gateway.auditLogGroup;
  }

  /** The gateway's access log group. */
  public get accessLogGroup(): logs.LogGroup {
    return this.gateway.accessLogGroup;
  }

  /** The delivery stream from the audit log group to the archive bucket. */
  public get auditArchiveStream(): firehose.CfnDeliveryStream {
    return this.archiveDelivery.deliveryStream;
  }
}
