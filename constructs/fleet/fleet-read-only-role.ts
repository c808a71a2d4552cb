import { AspectPriority, Aspects, CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { servicePrefix } from '../../policies/guardrails/resource-actions';
import { DesignFindings } from '../core/design-findings';
import { throwIfProblems, type PropsProblem } from '../core/errors';

/** Props of {@link FleetReadOnlyRole}. */
export interface FleetReadOnlyRoleProps {
  /** The central (fleet pipeline) account that may assume the role: 12 digits. */
  readonly fleetAccount: string;
  /** The external id the central account must pass (sts:ExternalId). Give this, `organizationId`, or both. @default - none */
  readonly externalId?: string;
  /** The organisation the caller must belong to (aws:PrincipalOrgID, `o-...`). Give this, `externalId`, or both. @default - none */
  readonly organizationId?: string;
  /** The role name fleet-status assumes. @default 'RootstockFleetReadOnly' */
  readonly roleName?: string;
}

/** Reads that would expose data rather than configuration: denied even where a service's Get or List would match. */
export const FLEET_DATA_READS_DENIED: readonly string[] = [
  's3:GetObject*', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:GetQueryResults', 'logs:GetLogRecord', 'logs:StartLiveTail',
  'secretsmanager:GetSecretValue', 'ssm:GetParameterHistory', 'cognito-idp:ListUsers*', 'cognito-idp:AdminGet*', 'healthlake:ReadResource',
  'healthlake:SearchWith*', 'kms:Decrypt', 'kms:GenerateDataKey*', 'lambda:InvokeFunction', 'firehose:PutRecord*', 'sns:Publish',
];

/** What {@link FleetReadOnlyRole} rejects in its props. */
export function fleetReadOnlyRoleProblems(props: FleetReadOnlyRoleProps): PropsProblem[] {
  const problems: PropsProblem[] = [];
  if (!/^\d{12}$/.test(props.fleetAccount)) problems.push({ field: 'fleetAccount', message: `must be the central account's 12-digit id, like "999988887777"; got '${props.fleetAccount}'` });
  if (props.externalId === undefined && props.organizationId === undefined) {
    problems.push({ field: 'externalId', message: 'give externalId (sts:ExternalId) or organizationId (aws:PrincipalOrgID), or both: a role trusted by an account alone is open to the confused-deputy problem' });
  }
  if (props.externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(props.externalId)) {
    problems.push({ field: 'externalId', message: "must be 2 to 1,224 letters, digits and +=,.@:/-_ (no spaces); got a value that is not (not shown: it is a shared secret). Use e.g. 'rootstock-fleet-<random>'" });
  }
  if (props.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) problems.push({ field: 'organizationId', message: `must be an AWS Organizations id, like o-a1b2c3d4e5; got '${props.organizationId}'` });
  if (props.roleName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(props.roleName)) problems.push({ field: 'roleName', message: `must be an IAM role name (1 to 64 letters, digits and +=,.@_-); got '${props.roleName}'` });
  return problems;
}

/**
 * The read-only role the central account assumes to report on this stack (`rootstock fleet-status`).
 *
 * Trusted only by `fleetAccount`, and only with the external id and/or from the organisation. It
 * may describe this stack (status, version tag and the compliance record output) and run drift
 * detection on it, and read the configuration (Describe, Get, List) of the services this stack's
 * own resources belong to, because CloudFormation drift
 * detection reads each resource with the caller's permissions. It may not read data: object
 * contents, log events, secrets, user records, FHIR resources and decryption are denied
 * explicitly ({@link FLEET_DATA_READS_DENIED}).
 */
export class FleetReadOnlyRole extends Construct {
  /** The role. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: FleetReadOnlyRoleProps) {
    super(scope, id);
    throwIfProblems(`FleetReadOnlyRole ${this.node.path}`, fleetReadOnlyRoleProblems(props));
    const stack = Stack.of(this);
    const conditions: Record<string, Record<string, string>> = {};
    if (props.externalId !== undefined) conditions.StringEquals = { 'sts:ExternalId': props.externalId };
    if (props.organizationId !== undefined) conditions.StringEquals = { ...conditions.StringEquals, 'aws:PrincipalOrgID': props.organizationId };
    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName ?? 'RootstockFleetReadOnly',
      description: `Read-only access for Rootstock fleet-status from account ${props.fleetAccount}: stack status, drift and compliance record.`,
      assumedBy: new iam.AccountPrincipal(props.fleetAccount).withConditions(conditions),
    });
    const stackArn = stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${stack.stackName}/*` });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Rootstock fleet-status: describe and drift-check this stack (status, version, compliance record).',
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'DescribeAndDriftCheckThisStack',
          actions: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResources', 'cloudformation:DetectStackDrift', 'cloudformation:DetectStackResourceDrift', 'cloudformation:DescribeStackResourceDrifts'],
          resources: [stackArn],
        }),
        // DescribeStackDriftDetectionStatus has no resource-level permissions.
        new iam.PolicyStatement({ sid: 'ReadDriftDetectionStatus', actions: ['cloudformation:DescribeStackDriftDetectionStatus'], resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'ReadConfigurationForDriftDetection',
          // The services of this stack's own resources, worked out when the template is written.
          actions: Lazy.list({ produce: () => driftReadActions(stack) }),
          resources: ['*'],
        }),
        new iam.PolicyStatement({ sid: 'NeverReadData', effect: iam.Effect.DENY, actions: [...FLEET_DATA_READS_DENIED], resources: ['*'] }),
      ],
    });
    const findings = DesignFindings.of(policy)
      .add('AwsSolutions-IAM5[Resource::*]', "CloudFormation drift detection reads every resource of the stack with the caller's permissions, and DescribeStackDriftDetectionStatus has no resource-level permissions; the reads are configuration only and data reads are denied explicitly.")
      .add(`AwsSolutions-IAM5[Resource::${stackArn}]`, 'A stack ARN ends in an id CloudFormation generates; the wildcard covers this stack name only.')
;
    // The services are known once the stack is complete: record their findings then, before they are acknowledged.
    Aspects.of(this).add(
      {
        visit: (node) => {
          if (node !== policy) return;
          findings.addAll(
            driftServices(stack).flatMap((s) => [`AwsSolutions-IAM5[Action::${s}:Describe*]`, `AwsSolutions-IAM5[Action::${s}:Get*]`, `AwsSolutions-IAM5[Action::${s}:List*]`]),
            'Drift detection reads the configuration of each service in the stack with the caller\'s permissions; Describe, Get and List are read-only, and data reads (objects, log events, secrets, users, FHIR resources, decryption) are denied explicitly.',
          );
        },
      },
      { priority: AspectPriority.MUTATING },
    );
  }
}

/** The IAM service prefixes of the resources in `stack` (CDK's own types excluded), sorted. */
export function driftServices(stack: Stack): string[] {
  const services = new Set<string>();
  for (const c of stack.node.findAll()) {
    if (CfnResource.isCfnResource(c)) {
      const s = servicePrefix(c.cfnResourceType);
      if (s) services.add(s);
    }
  }
  return [...services].sort();
}

/** Describe, Get and List on each service of `stack`: what drift detection reads. */
export function driftReadActions(stack: Stack): string[] {
  return driftServices(stack).flatMap((s) => [`${s}:Describe*`, `${s}:Get*`, `${s}:List*`]);
}
