import * as path from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
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
}

/** One gateway function: what {@link gatewayFunction} made. */
export interface GatewayFunction {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  /** The role's one customer managed policy: its log group, the audit log group, X-Ray, the environment key. */
  readonly policy: iam.ManagedPolicy;
  readonly logGroup: logs.LogGroup;
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

/**
 * A gateway Lambda function with its own role, customer managed policy (no inline and no AWS
 * managed policies) and KMS-encrypted, retained log group, defined in `scope`.
 */
export function gatewayFunction(scope: Construct, spec: GatewayFunctionSpec, options: GatewayFunctionOptions): GatewayFunction {
  const logGroup = new logs.LogGroup(scope, `${spec.id}Log`, { encryptionKey: options.logsKey, retention: options.logRetention, removalPolicy: RemovalPolicy.RETAIN });
  const role = new iam.Role(scope, `${spec.id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of the ${spec.what}.`,
    managedPolicies: options.vpc ? [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole')] : [],
  });
  const policy = new iam.ManagedPolicy(scope, `${spec.id}Policy`, { description: `Permissions of the ${spec.what}.`, roles: [role] });
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
  return { fn, role, policy, logGroup };
}
