// Proves deploys are reproducible: the same commit synthesised from two checkouts at different
// paths, with different file modification times, time zones and working directories, gives
// byte-identical templates and Lambda asset folders (so every function's S3Key is the same on any
// machine, and a fleet pipeline run updates no function whose code did not change).
//   npm run test:reproducible
// Each checkout gets the repository's files (tracked and not ignored) and its own node_modules
// (hard links to this one: the same files `npm ci` installs from the lockfile); each bundles its
// Lambda handlers itself (no .bundles cache is copied). Exit 0 identical, 1 any difference.
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** Every file under `dir` (relative paths, sorted). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/** The templates and asset folders of a synth: relative path -> sha256 of the bytes. */
export function synthDigest(cdkOut: string): Map<string, string> {
  const files = listFiles(cdkOut).filter((f) => f.endsWith('.template.json') || f.startsWith('asset.'));
  return new Map(files.map((f) => [f, crypto.createHash('sha256').update(fs.readFileSync(path.join(cdkOut, f))).digest('hex')]));
}

/** What differs between two digests: files only in one, or with different bytes. */
export function digestDifferences(a: Map<string, string>, b: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [f, h] of a) {
    if (!b.has(f)) problems.push(`${f}: only in the first synth`);
    else if (b.get(f) !== h) problems.push(`${f}: bytes differ`);
  }
  for (const f of b.keys()) if (!a.has(f)) problems.push(`${f}: only in the second synth`);
  return problems;
}

function checkout(to: string, mtime: Date): void {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const rel of listed.stdout.split('\0').filter(Boolean)) {
    const src = path.join(ROOT, rel);
    if (!fs.existsSync(src)) continue; // deleted in the working tree
    const dest = path.join(to, rel);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(src, dest);
    fs.utimesSync(dest, mtime, mtime);
  }
  const linked = spawnSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(to, 'node_modules')]);
  if (linked.status !== 0) fs.cpSync(path.join(ROOT, 'node_modules'), path.join(to, 'node_modules'), { recursive: true, verbatimSymlinks: true });
}

function synth(dir: string, tz: string): string {
  const outdir = path.join(dir, 'cdk.out');
  const env: NodeJS.ProcessEnv = { ...process.env, CDK_OUTDIR: outdir, TZ: tz, CDK_VALIDATION: 'false' };
  delete env.CDK_CONTEXT_JSON;
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'bin/rootstock.ts'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`synth in ${dir} failed (exit ${r.status}):\n${r.stderr}`);
  return outdir;
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-repro-'));
  try {
    const first = path.join(work, 'a', 'rootstock');
    const second = path.join(work, 'elsewhere', 'a much', 'longer-path', 'rootstock-checkout');
    checkout(first, new Date('2001-02-03T04:05:06Z'));
    checkout(second, new Date());
    const a = synthDigest(synth(first, 'UTC'));
    const b = synthDigest(synth(second, 'Pacific/Auckland'));
    const assets = [...a.keys()].filter((f) => f.startsWith('asset.'));
    const problems = digestDifferences(a, b);
    process.stdout.write(`${first}\n${second}\n${a.size} files compared (${a.size - assets.length} templates, ${assets.length} asset files)\n`);
    for (const f of assets) process.stdout.write(`  ${f}  ${a.get(f)?.slice(0, 16)}\n`);
    if (assets.some((f) => !f.endsWith('/index.js'))) problems.push(`an asset folder holds more than index.js: ${assets.filter((f) => !f.endsWith('/index.js')).join(', ')}`);
    if (a.size === 0 || assets.length === 0) problems.push('the synth wrote no templates or no Lambda assets: nothing was compared');
    process.stdout.write(problems.length ? `NOT reproducible:\n- ${problems.join('\n- ')}\n` : 'reproducible: templates and asset folders are byte-identical\n');
    process.exitCode = problems.length ? 1 : 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
