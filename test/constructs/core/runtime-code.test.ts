import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleAndStamp, bundleEntry, isBundleCurrent, stampFile } from '../../../constructs/core/runtime-code';

/** A tiny package with one handler that imports a helper, at `root`. */
function writePackage(root: string, greeting = 'hello'): { entry: string; helper: string } {
  fs.mkdirSync(path.join(root, 'runtime'), { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: '@nhsx/rootstock', version: '0.0.0-test' }));
  const helper = path.join(root, 'runtime', 'helper.ts');
  const entry = path.join(root, 'runtime', 'hello.lambda.ts');
  fs.writeFileSync(helper, `export const greeting = '${greeting}';\n`);
  fs.writeFileSync(entry, "import { greeting } from './helper';\nexport const handler = async () => greeting;\n");
  return { entry, helper };
}

describe('runtime bundles are reused across processes while their inputs are unchanged', () => {
  // GIVEN a tiny handler with one local import, bundled once
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-bundle-'));
  const { entry, helper } = writePackage(dir);
  const out = path.join(dir, 'out', 'hello.lambda');
  bundleAndStamp(entry, out);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a fresh bundle is current, and its stamp beside the folder records every input', () => {
    expect(isBundleCurrent(out)).toBe(true);
    expect(stampFile(out)).toBe(`${out}.inputs.json`);
    const stamp = JSON.parse(fs.readFileSync(stampFile(out), 'utf8'));
    expect(Object.keys(stamp.inputs).sort()).toEqual([entry, helper].sort());
    expect(fs.readFileSync(path.join(out, 'index.js'), 'utf8')).toContain('hello');
  });

  test('the asset folder holds index.js alone: no stamp, so nothing machine-specific is hashed', () => {
    expect(fs.readdirSync(out)).toEqual(['index.js']);
  });

  test('fails the currency check when an imported file changes', () => {
    // WHEN the helper (not the entry) changes
    fs.writeFileSync(helper, "export const greeting = 'hello, changed';\n");
    // THEN the bundle must be made again
    expect(isBundleCurrent(out)).toBe(false);
    bundleAndStamp(entry, out);
    expect(isBundleCurrent(out)).toBe(true);
    expect(fs.readFileSync(path.join(out, 'index.js'), 'utf8')).toContain('hello, changed');
  });

  test('fails the currency check when a stray file sits in the asset folder (it would change the hash)', () => {
    fs.writeFileSync(path.join(out, 'inputs.json'), '{}');
    expect(isBundleCurrent(out)).toBe(false);
    bundleAndStamp(entry, out);
    expect(fs.readdirSync(out)).toEqual(['index.js']);
  });

  test('fails the currency check when the bundle or its stamp is missing', () => {
    fs.rmSync(stampFile(out));
    expect(isBundleCurrent(out)).toBe(false);
    bundleAndStamp(entry, out);
    fs.rmSync(path.join(out, 'index.js'));
    expect(isBundleCurrent(out)).toBe(false);
    expect(isBundleCurrent(path.join(dir, 'never-built'))).toBe(false);
  });
});

describe('bundles are byte-identical wherever the package sits', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-bundle-paths-'));
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  test('two copies of a package at different paths and times bundle to the same bytes, with no path in them', () => {
    // GIVEN the same sources at two paths, one with old modification times
    const a = path.join(base, 'a');
    const b = path.join(base, 'somewhere', 'much', 'deeper', 'b');
    const first = writePackage(a);
    const second = writePackage(b);
    const old = new Date('2001-02-03T04:05:06Z');
    for (const f of [second.entry, second.helper]) fs.utimesSync(f, old, old);
    // WHEN each is bundled, from a working directory that is neither
    const cwd = process.cwd();
    process.chdir(os.tmpdir());
    try {
      bundleEntry(first.entry, path.join(a, 'out'));
      bundleEntry(second.entry, path.join(b, 'out'));
    } finally {
      process.chdir(cwd);
    }
    // THEN
    const bytesA = fs.readFileSync(path.join(a, 'out', 'index.js'), 'utf8');
    const bytesB = fs.readFileSync(path.join(b, 'out', 'index.js'), 'utf8');
    expect(bytesB).toBe(bytesA);
    expect(bytesA).not.toContain(base);
    expect(fs.readdirSync(path.join(b, 'out'))).toEqual(['index.js']);
  });
});
