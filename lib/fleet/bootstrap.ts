import * as fs from 'fs';
import * as path from 'path';
import { App, BootstraplessSynthesizer, Stack } from 'aws-cdk-lib';
import {
  PERMISSIONS_BOUNDARY_NAME,
  TrustExecutionPolicies,
  TrustPermissionsBoundary,
  executionPolicyDocuments,
  executionPolicyNames,
  permissionsBoundaryDocument,
  uncoveredResourceTypes,
  type IamPolicyJson,
} from '../../policies/guardrails';
import { buildRootstockApp } from '../app';
import { UserError } from '../errors';

/** The stack name of the policies template deployed before `cdk bootstrap`. */
export const BOOTSTRAP_POLICIES_STACK = 'RootstockBootstrapPolicies';

/** Every CloudFormation resource type in the `*.template.json` files under `dir` (nested assemblies included). */
export function resourceTypesIn(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UserError(`--cdk-out: ${dir} is not a folder. Give the cdk.out of a synth (npm run synth), or leave --cdk-out out to synthesise trusts/.`);
  }
  const types = new Set<string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory() && !e.name.startsWith('asset.')) walk(full);
      else if (e.isFile() && e.name.endsWith('.template.json')) {
        let template: { Resources?: Record<string, { Type?: unknown }> };
        try {
          template = JSON.parse(fs.readFileSync(full, 'utf8'));
        } catch (err) {
          throw new UserError(`--cdk-out: ${full} is not valid JSON (${(err as Error).message}). Synthesise again (npm run synth) and retry.`);
        }
        for (const r of Object.values(template.Resources ?? {})) if (typeof r.Type === 'string') types.add(r.Type);
      }
    }
  };
  walk(dir);
  if (types.size === 0) throw new UserError(`--cdk-out: no *.template.json with resources in ${dir}. Give the cdk.out of a synth of the trust stacks (npm run synth).`);
  return [...types].sort();
}

/** The resource types of the trusts in `trustsDir`, synthesised in-process (no packs, no files kept). */
export function trustResourceTypesOf(trustsDir: string): string[] {
  const app = new App({ context: { trust: 'all' }, outdir: fs.mkdtempSync(path.join(require('os').tmpdir(), 'rootstock-bootstrap-')) });
  try {
    const stacks = buildRootstockApp(app, { trustsDir, checks: false });
    const assembly = app.synth({ validateOnSynthesis: false });
    const types = new Set<string>();
    for (const s of stacks) for (const r of Object.values((assembly.getStackArtifact(s.artifactId).template as { Resources?: Record<string, { Type: string }> }).Resources ?? {})) types.add(r.Type);
    return [...types].sort();
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

/** What `rootstock bootstrap` produces for one trust account. */
export interface BootstrapPlan {
  readonly account: string;
  readonly region: string;
  readonly resourceTypes: readonly string[];
  /** The execution policy documents, by managed policy name. */
  readonly executionPolicies: Readonly<Record<string, IamPolicyJson>>;
  readonly permissionsBoundary: IamPolicyJson;
  /** A CloudFormation template creating the boundary and the execution policies (account-agnostic). */
  readonly policiesTemplate: unknown;
  /** The commands to run, in order. */
  readonly commands: readonly string[];
}

/**
 * Plans a hardened bootstrap of `account`: the least-privilege execution policies for
 * `resourceTypes`, the permissions boundary, the template that creates them, and the two commands.
 *
 * @throws UserError (exit 2) naming resource types the execution policy does not cover
 */
export function bootstrapPlan(options: { account: string; region: string; resourceTypes: readonly string[]; pipelineAccount?: string; qualifier?: string }): BootstrapPlan {
  const { account, region, resourceTypes } = options;
  const missing = uncoveredResourceTypes(resourceTypes);
  if (missing.length) {
    throw new UserError(`bootstrap: the execution policy does not cover ${missing.join(', ')} (in the synthesised templates). Add what CloudFormation needs for each to RESOURCE_TYPE_ACTIONS in policies/guardrails/resource-actions.ts, or bootstrap with CDK's default policy for this account.`);
  }
  const docs = executionPolicyDocuments(resourceTypes, { account, region, qualifier: options.qualifier });
  const names = executionPolicyNames(docs.length);
  const app = new App();
  const stack = new Stack(app, BOOTSTRAP_POLICIES_STACK, { synthesizer: new BootstraplessSynthesizer(), description: 'Rootstock hardened bootstrap: the CloudFormation execution policies and the permissions boundary (deploy before cdk bootstrap).' });
  new TrustPermissionsBoundary(stack, 'PermissionsBoundary');
  new TrustExecutionPolicies(stack, 'ExecutionPolicies', { resourceTypes, qualifier: options.qualifier });
  const policiesTemplate = app.synth({ validateOnSynthesis: false }).getStackByName(BOOTSTRAP_POLICIES_STACK).template;
  fs.rmSync(app.outdir, { recursive: true, force: true });
  const arns = names.map((n) => `arn:aws:iam::${account}:policy/${n}`).join(',');
  const trust = options.pipelineAccount ? ` --trust ${options.pipelineAccount} --trust-for-lookup ${options.pipelineAccount}` : '';
  const qualifier = options.qualifier ? ` --qualifier ${options.qualifier}` : '';
  return {
    account,
    region,
    resourceTypes,
    executionPolicies: Object.fromEntries(names.map((n, i) => [n, docs[i]])),
    permissionsBoundary: permissionsBoundaryDocument(account),
    policiesTemplate,
    commands: [
      `aws cloudformation deploy --stack-name ${BOOTSTRAP_POLICIES_STACK} --template-file <out>/${BOOTSTRAP_POLICIES_STACK}.template.json --capabilities CAPABILITY_NAMED_IAM --region ${region}`,
      `npx cdk bootstrap aws://${account}/${region}${trust} --cloudformation-execution-policies ${arns} --custom-permissions-boundary ${PERMISSIONS_BOUNDARY_NAME}${qualifier}`,
    ],
  };
}

/** Writes the plan's files into `outDir` (all or nothing) and returns their paths. */
export function writeBootstrapPlan(plan: BootstrapPlan, outDir: string): string[] {
  const files: Array<[string, unknown]> = [
    [`${BOOTSTRAP_POLICIES_STACK}.template.json`, plan.policiesTemplate],
    [`${PERMISSIONS_BOUNDARY_NAME}.json`, plan.permissionsBoundary],
    ...Object.entries(plan.executionPolicies).map(([name, doc]): [string, unknown] => [`${name}.json`, doc]),
  ];
  const staging = `${outDir.replace(/[\\/]+$/, '')}.rootstock-tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(staging, name), `${JSON.stringify(content, null, 2)}\n`);
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name] of files) fs.renameSync(path.join(staging, name), path.join(outDir, name));
  fs.rmSync(staging, { recursive: true, force: true });
  return files.map(([name]) => path.join(outDir, name));
}
