import { Aspects, Aws, Stack, type IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct, type IConstruct } from 'constructs';
import { ALLOWED_REGIONS, PERMISSIONS_BOUNDARY_NAME, permissionsBoundaryDocument, trustServiceControlPolicies } from './documents';
import { executionPolicyDocuments, executionPolicyNames } from './execution-policy';

/** Props of {@link TrustOuGuardrails}. */
export interface TrustOuGuardrailsProps {
  /** The organisational units (ou-...) or accounts the service control policies attach to. */
  readonly targetIds: readonly string[];
  /** The regions trust accounts may use. @default - the UK regions (eu-west-2) */
  readonly regions?: readonly string[];
}

/**
 * The service control policies for a trust OU, for an organisation management (or delegated
 * administrator) stack: UK regions only (global services exempt), and no tampering with the trail,
 * the archive buckets and their Object Lock, Rootstock's keys, the security services, the
 * organisation membership or the deployment path.
 */
export class TrustOuGuardrails extends Construct {
  /** The policies created, by name. */
  public readonly policies: Readonly<Record<string, organizations.CfnPolicy>>;

  constructor(scope: Construct, id: string, props: TrustOuGuardrailsProps) {
    super(scope, id);
    if (props.targetIds.length === 0) throw new Error(`TrustOuGuardrails ${this.node.path}: 'targetIds' must name at least one OU or account (ou-xxxx-yyyyyyyy), got none`);
    const policies: Record<string, organizations.CfnPolicy> = {};
    for (const [name, content] of Object.entries(trustServiceControlPolicies(props.regions ?? ALLOWED_REGIONS))) {
      policies[name] = new organizations.CfnPolicy(this, name, {
        name,
        type: 'SERVICE_CONTROL_POLICY',
        description: `Rootstock guardrail for NHS trust accounts: ${name === 'RootstockUkRegionsOnly' ? 'UK regions only' : 'protect the trail, archive, keys and security services'}`,
        content,
        targetIds: [...props.targetIds],
      });
    }
    this.policies = policies;
  }
}

/** The permissions boundary managed policy (`RootstockPermissionsBoundary`) in a trust account. */
export class TrustPermissionsBoundary extends Construct {
  /** The managed policy. */
  public readonly policy: iam.CfnManagedPolicy;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.policy = new iam.CfnManagedPolicy(this, 'Resource', {
      managedPolicyName: PERMISSIONS_BOUNDARY_NAME,
      description: 'Rootstock permissions boundary: UK regions only, no tampering with the trail, archive, keys or security services, no principals without this boundary.',
      policyDocument: permissionsBoundaryDocument(Aws.ACCOUNT_ID),
    });
  }
}

/** Props of {@link TrustExecutionPolicies}. */
export interface TrustExecutionPoliciesProps {
  /** The CloudFormation resource types the trust stacks use (from their synthesised templates). */
  readonly resourceTypes: readonly string[];
  /** The CDK bootstrap qualifier. @default 'hnb659fds' */
  readonly qualifier?: string;
}

/** The least-privilege CloudFormation execution policies (`RootstockCfnExecution1`, ...) for `cdk bootstrap --cloudformation-execution-policies`. */
export class TrustExecutionPolicies extends Construct {
  /** The managed policies, in order. */
  public readonly policies: readonly iam.CfnManagedPolicy[];

  constructor(scope: Construct, id: string, props: TrustExecutionPoliciesProps) {
    super(scope, id);
    const docs = executionPolicyDocuments(props.resourceTypes, { account: Aws.ACCOUNT_ID, region: Aws.REGION, qualifier: props.qualifier });
    const names = executionPolicyNames(docs.length);
    this.policies = docs.map((doc, i) => new iam.CfnManagedPolicy(this, names[i], { managedPolicyName: names[i], description: 'Rootstock: what CloudFormation needs to deploy a trust stack, and no more.', policyDocument: doc }));
  }
}

/**
 * Sets the Rootstock permissions boundary on every IAM role (and user) under `scope`, at synthesis,
 * so roles added later are covered too. It only adds the `PermissionsBoundary` property: no
 * construct is added and no logical id changes.
 *
 * `applyTrustPermissionsBoundary(trustStack)`
 */
export function applyTrustPermissionsBoundary(scope: IConstruct, boundaryName: string = PERMISSIONS_BOUNDARY_NAME): void {
  const aspect: IAspect = {
    visit(node: IConstruct): void {
      if (!(node instanceof iam.CfnRole) && !(node instanceof iam.CfnUser)) return;
      node.permissionsBoundary = Stack.of(node).formatArn({ service: 'iam', region: '', resource: 'policy', resourceName: boundaryName });
    },
  };
  Aspects.of(scope).add(aspect);
}
