// Prebuilds every Lambda handler for the published package: constructs/**/runtime/*.lambda.ts ->
// dist/runtime-bundles/<runtimeKey>/index.js, the folder runtimeBundleDir() uses when the package
// has no TypeScript sources (an installed tarball). Run after `npm run build` (prepack does both).
import * as fs from 'fs';
import * as path from 'path';
import { bundleEntry, runtimeKey } from '../constructs/core/runtime-code';

/** Every `*.lambda.ts` under `<root>/constructs/<area>/runtime/` (any depth below constructs/). */
export function findRuntimeEntries(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (entry.isFile() && entry.name.endsWith('.lambda.ts') && path.basename(dir) === 'runtime') found.push(full);
    }
  };
  walk(path.join(root, 'constructs'));
  return found.sort();
}

/** Bundles every runtime entry of the package at `root` into `<root>/dist/runtime-bundles/`; returns the keys. */
export function bundleRuntimes(root: string): string[] {
  const outRoot = path.join(root, 'dist', 'runtime-bundles');
  fs.rmSync(outRoot, { recursive: true, force: true });
  return findRuntimeEntries(root).map((entry) => {
    const key = runtimeKey(entry);
    bundleEntry(entry, path.join(outRoot, key));
    return key;
  });
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const keys = bundleRuntimes(root);
  process.stdout.write(`bundled ${keys.length} Lambda handler(s) into dist/runtime-bundles/${keys.length ? `:\n  ${keys.join('\n  ')}` : ''}\n`);
}
