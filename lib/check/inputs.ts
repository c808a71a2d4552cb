import * as fs from 'fs';
import * as path from 'path';
import { isCloudAssembly, readCloudAssembly, readTemplateFile, type StackMetadata } from '../assembly';
import { isUserError, UserError } from '../errors';

/** A template to check, with what its cloud assembly knows about its stack. */
export interface LoadedTemplate {
  /** How it is named in the report: as given, or relative to the folder checked. */
  readonly file: string;
  /** The template body: JSON-shaped, YAML short tags expanded to `Fn::` form. */
  readonly template: Record<string, unknown>;
  /**
   * Stack-level tags (from a cloud assembly's manifest, or --stack-tag), for rules that read them.
   *
   * @default - no stack tags
   */
  readonly stackTags?: Record<string, string>;
  /**
   * The region the stack deploys to (from a cloud assembly's manifest, or --region).
   *
   * @default - environment-agnostic (region unknown)
   */
  readonly region?: string;
  /**
   * The stack's construct metadata, where acknowledgements made in code are recorded: present for
   * templates read from a cloud assembly.
   *
   * @default - a bare template: no acknowledgements are known
   */
  readonly acknowledgements?: StackMetadata;
  /**
   * The folder nested stacks' local TemplateURLs resolve against.
   *
   * @default - the folder of `file`
   */
  readonly baseDir?: string;
}

/** A file in a checked folder that could not be read as a template. */
export interface UnreadableTemplate {
  readonly file: string;
  /** The one-paragraph problem, with the fix. */
  readonly problem: string;
}

/** Everything `rootstock check` was given, read. */
export interface CheckInputs {
  readonly templates: readonly LoadedTemplate[];
  /** Templates that could not be read (folder mode; a single file throws instead). */
  readonly unreadable: readonly UnreadableTemplate[];
  /** What was left out and why: stale templates a manifest does not name, files that are not templates. */
  readonly notes: readonly string[];
}

const TEMPLATE_EXTENSIONS = /\.(json|ya?ml|template)$/i;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'rootstock-pack-runs']);

function fromAssembly(dir: string, label: (f: string) => string, notes: string[]): LoadedTemplate[] {
  const assembly = readCloudAssembly(dir);
  if (assembly.unlistedTemplates.length > 0) {
    notes.push(`${label(dir) || dir}: ${assembly.unlistedTemplates.length} template file(s) the manifest does not name (left by an earlier synth) were not checked: ${assembly.unlistedTemplates.join(', ')}.`);
  }
  return assembly.stacks.map((s) => ({
    file: label(s.templateFile),
    template: s.template as Record<string, unknown>,
    stackTags: s.tags,
    region: s.region,
    acknowledgements: s.metadata,
    baseDir: path.dirname(s.templateFile),
  }));
}

/**
 * Reads what `rootstock check` is given: one template file (JSON or YAML); a cloud assembly
 * (`cdk.out`: only the templates its manifest names, with stack tags, regions and the
 * acknowledgements recorded in code); or a folder holding templates and cloud assemblies at any
 * depth (asset folders, node_modules and .git skipped).
 *
 * @throws UserError (exit 2) for a missing path, an unreadable single template, a damaged cloud
 *   assembly, or a folder with no template in it
 */
export function readCheckInputs(target: string): CheckInputs {
  if (!fs.existsSync(target)) throw new UserError(`${target}: no such file or folder. Pass a CloudFormation template (JSON or YAML), a cdk.out folder, or a folder of them.`);
  const notes: string[] = [];
  if (!fs.statSync(target).isDirectory()) return { templates: [{ file: target, template: readTemplateFile(target) as Record<string, unknown> }], unreadable: [], notes };
  const label = (f: string) => path.relative(target, f).split(path.sep).join('/');
  if (isCloudAssembly(target)) return { templates: fromAssembly(target, label, notes), unreadable: [], notes };

  const templates: LoadedTemplate[] = [];
  const unreadable: UnreadableTemplate[] = [];
  const notTemplates: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || entry.name.startsWith('asset.')) continue;
        if (isCloudAssembly(full)) templates.push(...fromAssembly(full, label, notes));
        else walk(full);
      } else if (TEMPLATE_EXTENSIONS.test(entry.name) && entry.name !== 'manifest.json') {
        try {
          templates.push({ file: label(full), template: readTemplateFile(full) as Record<string, unknown>, baseDir: dir });
        } catch (e) {
          if (!isUserError(e)) throw e;
          // A parseable file that is not a template (a parameters file, a buildspec) is left out, not an error.
          if (/: not a CloudFormation template: |multiple documents/.test(e.message)) notTemplates.push(label(full));
          else unreadable.push({ file: label(full), problem: e.message.replace(full, label(full)) });
        }
      }
    }
  };
  walk(target);
  if (notTemplates.length > 0) notes.push(`${notTemplates.length} file(s) are not CloudFormation templates and were left out: ${notTemplates.join(', ')}.`);
  if (templates.length === 0 && unreadable.length === 0) {
    throw new UserError(`${target}: no CloudFormation templates or cdk.out folders in this folder${notTemplates.length ? ` (${notTemplates.length} JSON/YAML file(s), none a template)` : ''}. Pass a template, a cdk.out folder (run cdk synth first), or a folder of them.`);
  }
  return { templates, unreadable, notes };
}

/**
 * Reads the templates at `target` (see {@link readCheckInputs}) for tools that need every one.
 *
 * @throws UserError (exit 2) as readCheckInputs, and for any template in a folder that cannot be read
 */
export function readTemplates(target: string): LoadedTemplate[] {
  const inputs = readCheckInputs(target);
  if (inputs.unreadable.length > 0) throw new UserError(inputs.unreadable[0].problem);
  return [...inputs.templates];
}
