import * as fs from 'fs';
import * as path from 'path';
import { readTemplates } from '../check/template';
import { UserError } from '../errors';

/**
 * What `rootstock cost` needs from a synth output: each stack's name, region and template.
 *
 * This is an adapter over the existing template reader (lib/check), kept to the manifest's
 * stacks and their templates, so it can be swapped for lib/assembly when that lands without
 * touching the pricing.
 */
export interface CostStack {
  /** The stack name (the template file name without `.template.json`). */
  readonly stackName: string;
  /** The region the manifest gives the stack, when it names one. */
  readonly region?: string;
  /** The parsed CloudFormation template. */
  readonly template: { readonly Resources?: Record<string, CfnResource> };
}

/** One resource in a template, as far as pricing reads it. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/**
 * Reads the stacks of a cloud assembly (a `cdk.out` folder with a manifest.json) or one template file.
 *
 * @throws UserError (exit 2) for a missing path, a folder that is not a cloud assembly, or a file that is not a template.
 */
export function readCostStacks(target: string): CostStack[] {
  if (!fs.existsSync(target)) {
    throw new UserError(`rootstock cost ${target}: no such file or folder, and no trust config by that name. Give a cdk.out folder (npx cdk synth), a template file, a trust config file (trusts/example.yaml) or a trust's ODS code (RXX).`);
  }
  if (fs.statSync(target).isDirectory() && !fs.existsSync(path.join(target, 'manifest.json'))) {
    throw new UserError(`rootstock cost ${target}: this folder is not a cloud assembly (it has no manifest.json). Give the cdk.out folder that 'npx cdk synth' wrote, a template file, or a trust (ODS code or config file) to synthesise first.`);
  }
  return readTemplates(target).map((t) => ({
    stackName: path.basename(t.file).replace(/\.template\.json$|\.json$|\.ya?ml$/i, ''),
    region: t.region,
    template: t.template as CostStack['template'],
  }));
}
