import * as fs from 'fs';
import * as path from 'path';
import { isCloudAssembly, readCloudAssembly } from '../assembly';
import { UserError } from '../errors';
import { readStackTemplates } from './assembly';

/**
 * Copies the stack templates of a synth (`cdk.out`) into `target` as a baseline: a trimmed
 * manifest.json naming each stack, and the `*.template.json` files. No assets, no tree, no reports,
 * so the baseline is small enough to commit and review.
 *
 * @returns the stack names written
 */
export function writeBaseline(cdkOut: string, target: string): string[] {
  const stacks = readStackTemplates(cdkOut, 'synth');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const artifacts: Record<string, unknown> = {};
  for (const stack of stacks) {
    const templateFile = `${stack.stackName}.template.json`;
    if (fs.existsSync(path.join(target, templateFile))) throw new UserError(`baseline: two stacks would write ${templateFile}.`);
    fs.writeFileSync(path.join(target, templateFile), `${JSON.stringify(stack.template, null, 1)}\n`);
    artifacts[stack.stackName] = { type: 'aws:cloudformation:stack', properties: { templateFile, stackName: stack.stackName } };
  }
  const version = isCloudAssembly(cdkOut) ? readCloudAssembly(cdkOut).version : undefined;
  fs.writeFileSync(path.join(target, 'manifest.json'), `${JSON.stringify({ version, artifacts }, null, 2)}\n`);
  return stacks.map((s) => s.stackName);
}
