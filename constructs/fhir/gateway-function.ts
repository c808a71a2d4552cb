import * as path from 'path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { DesignFindings } from '../core/design-findings';
import { runtimeCode } from '../core/runtime-code';

/** What every gateway function shares. */
export interface GatewayFunctionOptions {
  /** Encrypts the function's environment. */
  readonly environmentKey: kms.IKey;
  /** Encrypts the function's log group. */
  readonly logsKey: kms.IKey;
  /** How long the function's log group is kept. */
  readonly logRetention: logs.RetentionDays;
  /** The VPC the function runs in, if any (private subnets with egress). */
  readonly vpc?: ec2.IVpc;
  /** Reserved (and maximum) concurrent executions. */
  readonly reservedConcurrentExecutions: number;
  /** Log groups the function writes besides its own (the audit log group). */
  readonly writesTo: readonly logs.ILogGroup[];
}

/** One gateway function: what {@link gatewayFunction} made. */
export interface GatewayFunction {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  /** The role's customer managed policy: its log groups, X-Ray, the environment key, and what is granted to {@link grantee}. */
  readonly policy: iam.ManagedPolicy;
  /** In a VPC: the policy with the network interface actions Lambda needs before the function can be created. */
  readonly networkPolicy?: iam.ManagedPolicy;
  readonly logGroup: logs.LogGroup;
  /** The function's identity for `grantXxx(grantee)`: grants land in {@link policy}, never in an inline policy. */
  readonly grantee: iam.IGrantable;
}

/** What makes one gateway function different from the other. */
export interface GatewayFunctionSpec {
  /** Construct id of the function; its role, policy and log group are `<id>Role`, `<id>Policy`, `<id>Log`. */
  readonly id: string;
  /** What it is, for descriptions: `FHIR gateway authoriser`. */
  readonly what: string;
  readonly description: string;
  /** The `*.lambda.ts` entry under `runtime/`. */
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
}

/** The EC2 actions Lambda needs to attach a function to a VPC: they support no resource-level permissions. */
export const LAMBDA_NETWORK_INTERFACE_ACTIONS: readonly string[] = [
  'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
];

/**
 * A gateway Lambda function with its own role, customer managed policies (no inline and no AWS
 * managed policies: nothing like AWSLambdaVPCAccessExecutionRole, whose `logs:*` on every log
 * group would let a compromised function write fake events anywhere) and KMS-encrypted,
 * retained log group, defined in `scope`. The function may write only its own log group and
 * `writesTo`, and decrypt only its own environment (through Lambda, with its own ARN as encryption context).
 */
export function gatewayFunction(scope: Construct, spec: GatewayFunctionSpec, options: GatewayFunctionOptions): GatewayFunction {
  const logGroup = new logs.LogGroup(scope, `${spec.id}Log`, { encryptionKey: options.logsKey, retention: options.logRetention, removalPolicy: RemovalPolicy.RETAIN });
  const role = new iam.Role(scope, `${spec.id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `Execution role of the ${spec.what}.` });
  const policy = new iam.ManagedPolicy(scope, `${spec.id}Policy`, { description: `Permissions of the ${spec.what}.`, roles: [role] });
  // Lambda checks the network interface permissions when the function is created, so they come
  // in a policy of their own that the function depends on (the main policy names the function).
  const networkPolicy = options.vpc
    ? new iam.ManagedPolicy(scope, `${spec.id}NetworkPolicy`, {
      description: `Network interfaces of the ${spec.what} in the VPC.`,
      roles: [role],
      statements: [new iam.PolicyStatement({ sid: 'LambdaNetworkInterfaces', actions: [...LAMBDA_NETWORK_INTERFACE_ACTIONS], resources: ['*'] })],
    })
    : undefined;
  const fn = new lambda.Function(scope, spec.id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    environmentEncryption: options.environmentKey,
    tracing: lambda.Tracing.ACTIVE,
    vpc: options.vpc,
    vpcSubnets: options.vpc ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : undefined,
    reservedConcurrentExecutions: options.reservedConcurrentExecutions,
    role: role.withoutPolicyUpdates(),
    description: spec.description,
    code: runtimeCode(path.join(__dirname, 'runtime', spec.entry)),
    handler: 'index.handler',
    memorySize: spec.memorySize,
    timeout: spec.timeout,
    logGroup,
    environment: spec.environment,
  });
  if (networkPolicy) {
    fn.node.addDependency(networkPolicy);
    DesignFindings.of(networkPolicy).add('AwsSolutions-IAM5[Resource::*]', 'Lambda network interface management (ec2:CreateNetworkInterface and friends) supports no resource-level permissions.');
  }
  policy.addStatements(
    new iam.PolicyStatement({ sid: 'WriteOwnAndAuditLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup, ...options.writesTo].map((g) => g.logGroupArn) }),
    new iam.PolicyStatement({ sid: 'XRayTracing', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
    new iam.PolicyStatement({
      sid: 'DecryptEnvironment',
      actions: ['kms:Decrypt'],
      resources: [options.environmentKey.keyArn],
      // Lambda decrypts the environment at start-up with the function's ARN as encryption context.
      conditions: {
        StringEquals: { 'kms:ViaService': `lambda.${Stack.of(scope).region}.amazonaws.com` },
        ArnEquals: { 'kms:EncryptionContext:aws:lambda:FunctionArn': fn.functionArn },
      },
    }),
  );
  DesignFindings.of(policy).add('AwsSolutions-IAM5[Resource::*]', 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions.');
  return { fn, role, policy, networkPolicy, logGroup, grantee: managedPolicyGrantee(role, policy) };
}

/** An identity whose grants are added to `policy` (attached to `role`), never to an inline default policy. */
function managedPolicyGrantee(role: iam.IRole, policy: iam.ManagedPolicy): iam.IGrantable {
  const principal: iam.IPrincipal = {
    get grantPrincipal() {
      return principal;
    },
    assumeRoleAction: role.assumeRoleAction,
    policyFragment: role.policyFragment,
    principalAccount: role.principalAccount,
    addToPrincipalPolicy: (statement) => {
      policy.addStatements(statement);
      return { statementAdded: true, policyDependable: policy };
    },
  };
  return { grantPrincipal: principal };
}
