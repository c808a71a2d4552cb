import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { AuditedFhirStore } from '../../constructs/fhir';
import { recordHazards } from '../../constructs/hazard-catalogue';
import { throwIfProblems } from '../../constructs/core/errors';
import { applyTrustPermissionsBoundary, PERMISSIONS_BOUNDARY_NAME } from '../../policies/guardrails';
import { TrustIdentity } from '../../constructs/identity';
import type { AuditLogArchive, SecurityAlarms, TrustTrail } from '../../constructs/logging';
import type { KeyRing } from '../../constructs/keys';
import type { TrustNetwork } from '../../constructs/network';
import type { TrustBackup } from '../../constructs/backup';
import { DESIGN_REVIEW } from '../../policies/acknowledge';
import { STACK_TAG_KEYS } from '../../policies/tags';
import { ConfigError, resolveTrustConfig } from '../config/loader';
import type { TrustConfig, TrustConfigInput } from '../config/schema';
import { ROOTSTOCK_VERSION } from '../version';
import { recordComplianceState } from '../fleet/compliance-record';
import { addApiGatewayAccountLogging } from './api-gateway-account';
import { applyDesignFindings } from './design-findings';
import { deploysFhir, fhirProps } from './fhir';
import { buildFoundations, type TrustFoundations } from './foundations';
import { identityProps } from './identity';
export { TRUST_NAME_MAX_LENGTH, trustStackConfigProblems } from './stack-problems';
import { addSecurityOperations, type SecurityOperations } from './security-operations';

/**
 * Props of a trust's stack: the trust's config (exactly as in `trusts/*.yaml`) under `trust`,
 * beside the usual stack props. The config is validated by the same schema as the YAML files;
 * the stack props are CDK's own and never reach that schema.
 */
export interface TrustStackProps extends Omit<StackProps, 'env'> {
  /** The trust's configuration, as in `trusts/*.yaml` (defaults applied when validated). The stack's account and region come from it. */
  readonly trust: TrustConfigInput;
  /**
   * The IAM managed policy (by name, in the trust's account) set as the permissions boundary of
   * every IAM role and user the stack creates, including any a trust adds later. `rootstock
   * bootstrap` creates it, and the hardened execution policy lets CloudFormation create roles only
   * with it: deploy with that bootstrap, or with one that creates a boundary of this name.
   *
   * @default 'RootstockPermissionsBoundary' (PERMISSIONS_BOUNDARY_NAME)
   */
  readonly permissionsBoundaryName?: string;
}

/** The tag keys stamped on every trust stack. */
export const TAG_VERSION = STACK_TAG_KEYS.version;
export const TAG_ODS_CODE = STACK_TAG_KEYS.odsCode;
export const TAG_ENVIRONMENT = STACK_TAG_KEYS.environment;

/** The conventional stack name for a trust: `Rootstock-<ODS>-<environment>`. */
export function trustStackName(config: Pick<TrustConfig, 'odsCode' | 'environment'>): string {
  return `Rootstock-${config.odsCode}-${config.environment}`;
}

/**
 * One NHS trust's stack, composed from Rootstock's building blocks.
 *
 * `new TrustStack(app, 'Id', { trust: { odsCode: 'RH8', name: '...', environment: 'test' } })`.
 *
 * Composition only: each building block's props come from its mapper in this folder, from the
 * config plus the foundations handed down; every by-design finding the constructs record is
 * acknowledged here, once, with the library's reviewed approval.
 */
export class TrustStack extends Stack {
  /** The validated config this stack was built from, defaults applied. */
  public readonly config: TrustConfig;
  /** The keys, archive, trail, alarms, network, backup and shared logging settings. */
  public readonly foundations: TrustFoundations;
  /** The trust's KMS keys (logs, data, backup). */
  public readonly keys: KeyRing;
  /** The immutable audit log archive (Object Lock COMPLIANCE). */
  public readonly archive: AuditLogArchive;
  /** The multi-region CloudTrail, delivering to the archive and to CloudWatch Logs. */
  public readonly trail: TrustTrail;
  /** CIS monitoring alarms on the trail, to an encrypted topic. */
  public readonly alarms: SecurityAlarms;
  /** The VPC with flow logs and endpoints. */
  public readonly network: TrustNetwork;
  /** The locked backup vault and plan. */
  public readonly backup: TrustBackup;
  /** Sign-in (CIS2 for staff, NHS login for citizens), when the config has an `identity:` section. */
  public readonly identity?: TrustIdentity;
  /** The audited FHIR store (HealthLake behind the auditing gateway), when `fhir.enabled`. */
  public readonly fhir?: AuditedFhirStore;
  /** GuardDuty, Security Hub, AWS Config, findings routing and the SIEM forwarder. */
  public readonly securityOperations: SecurityOperations;

  constructor(scope: Construct, id: string, props: TrustStackProps) {
    const { trust, stackName, description, permissionsBoundaryName, ...stackProps } = props;
    if (trust === undefined) {
      throw new ConfigError(
        `TrustStack ${id}: the trust config goes under 'trust' (new TrustStack(app, id, { trust: { odsCode, name, environment, ... } })), apart from the stack props.`,
      );
    }
    if (permissionsBoundaryName !== undefined && !/^[\w+=,.@-]{1,128}$/.test(permissionsBoundaryName)) {
      throwIfProblems(`TrustStack ${id}`, [{ field: 'permissionsBoundaryName', message: `must be an IAM policy name (1 to 128 of letters, digits and +=,.@_-), got '${permissionsBoundaryName.slice(0, 64)}'` }]);
    }
    const config = resolveTrustConfig(trust);
    super(scope, id, {
      ...stackProps,
      stackName: stackName ?? trustStackName(config),
      description: description ?? `Rootstock ${ROOTSTOCK_VERSION} foundations for ${config.name} (${config.odsCode}, ${config.environment})`,
      env: { account: config.account, region: config.region },
    });
    this.config = config;
    // Answer CDK's availability-zone lookup from the known zones, so a stack with an account
    // synthesises without AWS credentials (eu-west-2 has zones a, b and c).
    if (config.account) {
      this.node.setContext(`availability-zones:account=${config.account}:region=${config.region}`, ['a', 'b', 'c'].map((z) => `${config.region}${z}`));
    }
    this.stampVersion(config);

    // Construct ids are a public contract: renaming one replaces resources.
    const foundations = buildFoundations(this, config);
    this.foundations = foundations;
    ({ keys: this.keys, archive: this.archive, trail: this.trail, alarms: this.alarms, network: this.network, backup: this.backup } = foundations);

    if (config.identity) this.identity = new TrustIdentity(this, 'Identity', identityProps({ ...config, identity: config.identity }, foundations));
    if (deploysFhir(config)) {
      this.fhir = new AuditedFhirStore(this, 'Fhir', fhirProps(config, foundations));
      addApiGatewayAccountLogging(this);
    }

    // Security operations (ids 'SecurityServices' and 'Siem').
    this.securityOperations = addSecurityOperations(this, config, foundations, {
      trail: this.trail.logGroup,
      fhirAudit: this.fhir?.auditLogGroup,
      apiAccess: this.fhir?.accessLogGroup,
    });
    // A Config rule cannot be created before the account has a recorder.
    const recorder = this.securityOperations.securityServices.configRecorder;
    if (recorder && this.network.defaultSecurityGroupRule) this.network.defaultSecurityGroupRule.node.addDependency(recorder);

    applyDesignFindings(this, DESIGN_REVIEW);
    // What the stack was synthesised with (packs, rule list, acknowledgements, nearest expiry), as
    // a stack output the fleet's read-only role reads with DescribeStacks.
    recordComplianceState(this);
    // Each building block's clinical hazards (DCB0129), for the hazard log of what was deployed.
    recordHazards(this);
    // Every role within the boundary the hardened bootstrap requires (only the PermissionsBoundary property changes).
    applyTrustPermissionsBoundary(this, permissionsBoundaryName ?? PERMISSIONS_BOUNDARY_NAME);
  }

  /** Stamps the library version on the stack: tags, template metadata and an SSM parameter. */
  private stampVersion(config: TrustConfig): void {
    Tags.of(this).add(TAG_VERSION, ROOTSTOCK_VERSION);
    Tags.of(this).add(TAG_ODS_CODE, config.odsCode);
    Tags.of(this).add(TAG_ENVIRONMENT, config.environment);
    this.templateOptions.metadata = { Rootstock: { version: ROOTSTOCK_VERSION, odsCode: config.odsCode, environment: config.environment } };
    new ssm.StringParameter(this, 'RootstockVersion', {
      parameterName: `/rootstock/${config.odsCode}/${config.environment}/version`,
      stringValue: ROOTSTOCK_VERSION,
      description: 'The Rootstock library version this stack was synthesised from.',
    });
  }
}
