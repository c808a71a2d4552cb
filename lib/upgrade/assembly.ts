import * as fs from 'fs';
import * as path from 'path';
import { isCloudAssembly, readCloudAssembly, readJsonObject, templateProblem } from '../assembly';
import { UserError } from '../errors';

/** One stack's template read from a synth output. */
export interface SynthStackTemplate {
  /** The key stacks are matched by: the CloudFormation stack name. */
  readonly stackName: string;
  /** The template file it came from. */
  readonly file: string;
  /** The parsed template. */
  readonly template: Record<string, unknown>;
}

/** What a synth output holds for upgrade-check. */
export interface SynthOutput {
  /** The stacks it names (a cloud assembly: what its manifest names, and nothing else). */
  readonly stacks: readonly SynthStackTemplate[];
  /**
   * Stack names of `*.template.json` files left in a cloud assembly that its manifest does not
   * name: templates of an earlier synth, e.g. of trusts a later `-c trust=...` did not select.
   */
  readonly unlisted: readonly string[];
}

const INPUTS = "Give a cdk.out folder (from 'npx cdk synth'), a folder of *.template.json files, or one template file.";

/**
 * Reads every stack template in a synth output: a `cdk.out` folder (through lib/assembly: only
 * the templates its manifest names, nested Stage assemblies followed), a folder of
 * `*.template.json` files, or one template file.
 *
 * @throws UserError (exit 2) when the input is missing, unreadable or holds no template
 */
export function readSynthOutput(input: string, role: string): SynthOutput {
  if (!fs.existsSync(input)) throw new UserError(`${role} ${input}: no such file or folder. ${INPUTS}`);
  if (fs.statSync(input).isFile()) {
    return { stacks: [{ stackName: path.basename(input).replace(/\.template\.json$|\.json$/, ''), file: input, template: readTemplate(input, role) }], unlisted: [] };
  }
  let stacks: SynthStackTemplate[];
  let unlisted: string[] = [];
  if (isCloudAssembly(input)) {
    const assembly = readCloudAssembly(input, { role });
    stacks = assembly.stacks.map((s) => ({ stackName: s.stackName, file: s.templateFile, template: s.template as Record<string, unknown> }));
    unlisted = assembly.unlistedTemplates.map((f) => path.basename(f).replace(/\.template\.json$/, ''));
  } else {
    stacks = fs
      .readdirSync(input)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => ({ stackName: f.replace(/\.template\.json$/, ''), file: path.join(input, f), template: readTemplate(path.join(input, f), role) }));
  }
  if (stacks.length === 0) {
    throw new UserError(`${role} ${input}: no stack templates found (no manifest.json stacks and no *.template.json files). Synthesise first ('npx cdk synth -o ${input}').`);
  }
  const seen = new Map<string, string>();
  for (const s of stacks) {
    const other = seen.get(s.stackName);
    if (other) throw new UserError(`${role} ${input}: two templates declare stack ${s.stackName} (${other} and ${s.file}); stack names must be unique to compare stack by stack.`);
    seen.set(s.stackName, s.file);
  }
  return { stacks: stacks.sort((a, b) => a.stackName.localeCompare(b.stackName)), unlisted };
}

/** The stacks of a synth output (see {@link readSynthOutput}). */
export function readStackTemplates(input: string, role: string): SynthStackTemplate[] {
  return [...readSynthOutput(input, role).stacks];
}

/**
 * Reads a stack template and rejects JSON that is not one, so a stray file (a manifest, a config,
 * `{"foo":1}`) is an input error rather than an empty stack reported as deleted.
 */
function readTemplate(file: string, role: string): Record<string, unknown> {
  const template = readJsonObject(file, 'a CloudFormation template', { role, fix: 'Synthesise again rather than editing templates by hand.' });
  const problem = templateProblem(template);
  if (problem) throw new UserError(`${role}: ${file} is not a CloudFormation template (${problem}). ${INPUTS}`);
  return template;
}
