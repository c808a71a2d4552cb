import { Annotations, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as healthlake from 'aws-cdk-lib/aws-healthlake';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { throwIfProblems } from '../core/errors';
import {
  identityOf, lockAsYaml, renderedResource, replacementProblems, REPLACEMENT_PROPERTIES,
  type FhirStoreIdentity, type FhirStoreLock, type FhirStoreReplacement,
} from './store-guard';

/** The trust environment: Synthea preload is refused in `prod`. */
export type FhirEnvironment = 'dev' | 'test' | 'prod';

/** Props of {@link FhirDataStore}. */
export interface FhirDataStoreProps {
  /** The trust's ODS code: names the store. */
  readonly odsCode: string;
  /** The trust environment: names the store; an unlocked prod store is warned about. */
  readonly environment: FhirEnvironment;
  /** Encrypts the data store (CUSTOMER_MANAGED_KMS_KEY): the KeyRing data key. */
  readonly dataKey: kms.IKey;
  /** The released identity of the store, or `'unreleased'` before its first deploy. */
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
}

/** The data store name a config gets when it names none: `<odscode>-<environment>-fhir`, lower case. */
export function defaultDatastoreName(odsCode: string, environment: FhirEnvironment): string {
  return `${odsCode.toLowerCase()}-${environment}-fhir`;
}

/**
 * The Amazon HealthLake FHIR R4 data store: encrypted with the data key, AWS_AUTH (only IAM
 * principals granted on it can call it), retained on delete and replace, and guarded against any
 * property change that would replace it (and delete its data), escape hatches included.
 */
export class FhirDataStore extends Construct {
  /** The HealthLake data store. */
  public readonly store: healthlake.CfnFHIRDatastore;
  /** The identity of the store as rendered (commit it as `storeLock` once released). */
  public readonly storeIdentity: FhirStoreIdentity;
  /** The key the store is encrypted with. */
  public readonly dataKey: kms.IKey;

  constructor(scope: Construct, id: string, props: FhirDataStoreProps) {
    super(scope, id);
    this.store = new healthlake.CfnFHIRDatastore(this, 'Store', {
      datastoreName: props.datastoreName ?? defaultDatastoreName(props.odsCode, props.environment),
      datastoreTypeVersion: 'R4',
      sseConfiguration: { kmsEncryptionConfig: { cmkType: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: props.dataKey.keyArn } },
      identityProviderConfiguration: { authorizationStrategy: 'AWS_AUTH' },
      ...(props.preloadSynthea ? { preloadDataConfig: { preloadDataType: 'SYNTHEA' } } : {}),
    });
    this.store.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.dataKey = props.dataKey;
    this.storeIdentity = identityOf(renderedResource(this.store).properties);
    this.store.addMetadata('Rootstock::StoreIdentity', this.storeIdentity);

    const allowed = props.allowReplacement ?? [];
    for (const a of allowed) {
      Annotations.of(this).addWarningV2('@nhsx/rootstock:fhirStoreReplacementAllowed', `Replacement of the FHIR data store through ${a.property} is allowed: ${a.reason}`);
    }
    const problems = replacementProblems('', this.storeIdentity, props.storeLock, allowed);
    throwIfProblems(`FhirDataStore ${this.node.path}`, problems.map((message) => ({ field: 'storeLock', message })));
    if (props.storeLock === 'unreleased' && props.environment === 'prod') {
      Annotations.of(this).addWarningV2(
        '@nhsx/rootstock:fhirStoreUnlocked',
        `The FHIR data store has no storeLock, so nothing stops a change that replaces it. After the first deploy, set it in the trust config:\n${lockAsYaml(this.storeIdentity)}`,
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
  }

  /**
   * Lets `grantee` call the store's FHIR data plane (`actions`, on this store only), and use the
   * data key only through HealthLake (`kms:ViaService`), which encrypts and decrypts resources
   * with it on the caller's behalf.
   */
  public grantDataAccess(grantee: iam.IGrantable, actions: readonly string[]): iam.Grant {
    const region = Stack.of(this).region;
    const store = iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [this.store.attrDatastoreArn] });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resourceArns: [this.dataKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `healthlake.${region}.amazonaws.com` } },
    });
    return store;
  }
}
