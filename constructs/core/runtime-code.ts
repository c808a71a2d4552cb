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
 *
 * An asset folder holds `index.js` and nothing else, and esbuild names modules by their path
 * from the package root: the asset hash (and so every function's S3Key) is the same on any
 * machine, at any path, for any checkout time. The reuse stamp, which does hold absolute paths
 * and modification times, lives beside the folder (`<folder>.inputs.json`), never in it.
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

/** What a bundle was made from: esbuild's version and each input's size and modification time (local cache data only). */
export interface BundleStamp {
  readonly esbuild: string;
  readonly inputs: Record<string, string>;
}

/**
 * Bundles `entry` (a `.lambda.ts` file) into `outDir/index.js` with everything it imports, and
 * returns what it was made from. `outDir` is emptied first and holds only `index.js` after.
 */
export function bundleEntry(entry: string, outDir: string): BundleStamp {
  // esbuild is a build-time tool: loaded only when a bundle must be made.
  const esbuild = require('esbuild') as typeof import('esbuild');
  const root = packageRoot(path.dirname(entry));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const result = esbuild.buildSync({
    metafile: true,
    // Module names in the bundle are paths from here: the package root, the same in every clone.
    absWorkingDir: root,
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
  const inputs = Object.keys(result.metafile?.inputs ?? {}).map((f) => path.resolve(root, f));
  return { esbuild: esbuild.version, inputs: Object.fromEntries(inputs.map((f) => [f, fileStamp(f)])) };
}

/** Where the reuse stamp of the bundle in `outDir` is kept: beside the folder, so it never joins the asset. */
export function stampFile(outDir: string): string {
  return `${outDir.replace(/[\\/]+$/, '')}.inputs.json`;
}

function fileStamp(file: string): string {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? `${st.size}:${st.mtimeMs}` : 'missing';
}

/** Bundles `entry` into `outDir` and records its stamp beside it, for reuse by later processes. */
export function bundleAndStamp(entry: string, outDir: string): void {
  const stamp = bundleEntry(entry, outDir);
  fs.writeFileSync(stampFile(outDir), JSON.stringify(stamp));
}

/** Whether the bundle in `outDir` was made from exactly the files that are there now. */
export function isBundleCurrent(outDir: string): boolean {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile(outDir), 'utf8')) as BundleStamp;
    // Anything but index.js in the folder (an old in-folder stamp) would change the asset hash.
    if (fs.readdirSync(outDir).join() !== 'index.js') return false;
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
    if (!isBundleCurrent(dir)) bundleAndStamp(entry, dir);
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
