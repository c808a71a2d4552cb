import * as fs from 'fs';
import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * Lambda runtime code: TypeScript handlers beside their constructs, bundled once.
 *
 * Entry files are named `*.lambda.ts` under a construct's `runtime/` folder. A published
 * package carries them prebuilt under `dist/runtime-bundles/` (see scripts/bundle-runtime.ts);
 * in a clone of the repository they are bundled with esbuild on first use, once per process,
 * so a synth of 240 trusts bundles each handler once, not 240 times; and a bundle whose inputs
 * (sources and dependencies, by size and modification time) are unchanged since the last
 * process is reused as it is.
 */

const bundleDirs = new Map<string, string>();

function packageRoot(from: string): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === '@nhsx/rootstock') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the @nhsx/rootstock package root above ${from}`);
    dir = parent;
  }
}

/** The stable key of an entry: its path from the package root, without `dist/` or extension. */
export function runtimeKey(entry: string): string {
  const root = packageRoot(path.dirname(entry));
  return path
    .relative(root, entry)
    .replace(/^dist[\\/]/, '')
    .replace(/\.(ts|js)$/, '')
    .split(path.sep)
    .join('/');
}

/** Bundles `entry` (a `.lambda.ts` file) into `outDir/index.js` with everything it imports. */
export function bundleEntry(entry: string, outDir: string): void {
  // esbuild is a build-time tool: loaded only when a bundle must be made.
  const esbuild = require('esbuild') as typeof import('esbuild');
  fs.mkdirSync(outDir, { recursive: true });
  const result = esbuild.buildSync({
    metafile: true,
    entryPoints: [entry],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  // Record every input with its size and modification time, so the next process can reuse
  // the bundle while nothing it was made from has changed (see isBundleCurrent).
  const inputs = Object.keys(result.metafile?.inputs ?? {}).map((f) => path.resolve(f));
  const stamp: BundleStamp = { esbuild: esbuild.version, inputs: Object.fromEntries(inputs.map((f) => [f, fileStamp(f)])) };
  fs.writeFileSync(path.join(outDir, STAMP_FILE), JSON.stringify(stamp));
}

const STAMP_FILE = 'inputs.json';

/** What a bundle was made from: esbuild's version and each input's size and modification time. */
interface BundleStamp {
  readonly esbuild: string;
  readonly inputs: Record<string, string>;
}

function fileStamp(file: string): string {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? `${st.size}:${st.mtimeMs}` : 'missing';
}

/** Whether the bundle in `outDir` was made from exactly the files that are there now. */
export function isBundleCurrent(outDir: string): boolean {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(outDir, STAMP_FILE), 'utf8')) as BundleStamp;
    if (!fs.existsSync(path.join(outDir, 'index.js'))) return false;
    if (stamp.esbuild !== (require('esbuild/package.json') as { version: string }).version) return false;
    return Object.entries(stamp.inputs).every(([file, st]) => fileStamp(file) === st);
  } catch {
    return false;
  }
}

/**
 * The folder holding the bundled handler for `entry` (absolute path to a `*.lambda.ts` file;
 * from compiled code the `.ts` need not exist).
 */
export function runtimeBundleDir(entry: string): string {
  const cached = bundleDirs.get(entry);
  if (cached) return cached;
  const root = packageRoot(path.dirname(entry));
  const key = runtimeKey(entry);
  const prebuilt = path.join(root, 'dist', 'runtime-bundles', key);
  let dir: string;
  if (fs.existsSync(path.join(prebuilt, 'index.js')) && !fs.existsSync(entry)) {
    dir = prebuilt;
  } else if (fs.existsSync(entry)) {
    dir = path.join(root, '.bundles', key);
    if (!isBundleCurrent(dir)) bundleEntry(entry, dir);
  } else {
    throw new Error(`Lambda runtime code for ${key} is missing: neither ${entry} nor ${prebuilt}/index.js exists. Reinstall @nhsx/rootstock.`);
  }
  bundleDirs.set(entry, dir);
  return dir;
}

/** Lambda code for the handler at `entry`, bundled once per process (see runtimeBundleDir). */
export function runtimeCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(runtimeBundleDir(entry));
}
