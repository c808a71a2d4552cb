// npm run test:add-trust: follows the README's "Adding a trust" steps in a fresh copy of this
// repository, exactly as written there: the commands of the section's `sh` block run as they
// are, and each `# edit ...` / `# add ...` comment line is done by the edit of the same words
// below (a step this script does not know fails the run, so the README cannot drift from it).
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDocument } from 'yaml';

const repo = path.join(__dirname, '..');

/** The shell lines of the first `sh` block in the README section titled `title`. */
export function readmeSteps(readme: string, title = 'Adding a trust'): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith(`${title}\n`));
  if (!section) throw new Error(`README.md has no '## ${title}' section`);
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`README.md '## ${title}' has no sh block of steps`);
  return block.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** Edits a YAML file in place with `change`, keeping its comments. */
function editYaml(file: string, change: (doc: ReturnType<typeof parseDocument>) => void): void {
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  change(doc);
  fs.writeFileSync(file, doc.toString());
}

/** The edits the README's comment steps ask for, by their first words. */
export const EDITS: ReadonlyArray<{ readonly step: RegExp; readonly run: (dir: string, step: string) => void }> = [
  {
    // "# edit trusts/rab-prod.yaml: odsCode RAB, name, account, network.cidr, ... fhir.storeLock: unreleased"
    step: /^# edit (trusts\/\S+\.yaml): odsCode (\w+),/,
    run: (dir, step) => {
      const [, file, ods] = /^# edit (trusts\/\S+\.yaml): odsCode (\w+),/.exec(step) ?? [];
      editYaml(path.join(dir, file), (doc) => {
        doc.set('odsCode', ods);
        doc.set('name', `Walkthrough ${ods} NHS Trust`);
        doc.set('account', '444455556666');
        doc.setIn(['network', 'cidr'], '10.70.0.0/16');
        doc.setIn(['alarms', 'email'], `security@${ods.toLowerCase()}.example.nhs.uk`);
        if (doc.hasIn(['identity', 'cis2', 'clientId'])) doc.setIn(['identity', 'cis2', 'clientId'], `${ods.toLowerCase()}-cis2-client`);
        if (doc.hasIn(['identity', 'nhsLogin', 'clientId'])) doc.setIn(['identity', 'nhsLogin', 'clientId'], `${ods.toLowerCase()}-nhs-login-client`);
        if (doc.hasIn(['fhir', 'storeLock'])) doc.setIn(['fhir', 'storeLock'], 'unreleased');
      });
    },
  },
  {
    // "# add RAB-prod to a wave of fleet/fleet.example.yaml ..."
    step: /^# add (\S+) to a wave of (\S+\.yaml)/,
    run: (dir, step) => {
      const [, trust, fleet] = /^# add (\S+) to a wave of (\S+\.yaml)/.exec(step) ?? [];
      editYaml(path.join(dir, fleet), (doc) => {
        const last = (doc.get('waves') as { items: unknown[] }).items.length - 1;
        (doc.getIn(['waves', last, 'trusts']) as { add(v: unknown): void }).add(trust);
      });
    },
  },
];

/** Lines no step may print: unconfigured feature flags, info messages offered for acknowledgement, the SDK's Node notice. */
export const NOISE: readonly RegExp[] = [/feature flags are not configured/, /Annotation::info-annotation/, /NodeVersionSupportWarning/];

/** A copy of the repository's files (tracked and new, not ignored) with this node_modules linked. */
function freshCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-add-trust-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: repo, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const f of files) {
    if (!fs.existsSync(path.join(repo, f))) continue;
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(repo, f), path.join(dir, f));
  }
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function main(): void {
  const steps = readmeSteps(fs.readFileSync(path.join(repo, 'README.md'), 'utf8'));
  const dir = freshCopy();
  process.stdout.write(`add-a-trust walkthrough in ${dir}: ${steps.length} README steps\n`);
  try {
    for (const step of steps) {
      const started = Date.now();
      if (step.startsWith('#')) {
        const edit = EDITS.find((e) => e.step.test(step));
        if (!edit) throw new Error(`README step this walkthrough cannot follow: '${step}'. Add its edit to scripts/add-trust-walkthrough.ts.`);
        edit.run(dir, step);
      } else {
        const r = spawnSync('bash', ['-c', step], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
        if (r.status !== 0) throw new Error(`README step failed (exit ${r.status}): ${step}\n${r.stdout}\n${r.stderr}`);
        const noise = NOISE.find((n) => n.test(`${r.stdout}${r.stderr}`));
        if (noise) throw new Error(`README step printed noise a user should not see (${noise}): ${step}\n${r.stdout}\n${r.stderr}`);
      }
      process.stdout.write(`ok  ${step} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
