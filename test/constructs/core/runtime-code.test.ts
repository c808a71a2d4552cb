import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleEntry, isBundleCurrent } from '../../../constructs/core/runtime-code';

describe('runtime bundles are reused across processes while their inputs are unchanged', () => {
  // GIVEN a tiny handler with one local import, bundled once
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-bundle-'));
  const helper = path.join(dir, 'helper.ts');
  const entry = path.join(dir, 'hello.lambda.ts');
  const out = path.join(dir, 'out');
  fs.writeFileSync(helper, "export const greeting = 'hello';\n");
  fs.writeFileSync(entry, "import { greeting } from './helper';\nexport const handler = async () => greeting;\n");
  bundleEntry(entry, out);

  test('a fresh bundle is current, and records every input', () => {
    expect(isBundleCurrent(out)).toBe(true);
    const stamp = JSON.parse(fs.readFileSync(path.join(out, 'inputs.json'), 'utf8'));
    expect(Object.keys(stamp.inputs).sort()).toEqual([entry, helper].sort());
    expect(fs.readFileSync(path.join(out, 'index.js'), 'utf8')).toContain('hello');
  });

  test('fails the currency check when an imported file changes', () => {
    // WHEN the helper (not the entry) changes
    fs.writeFileSync(helper, "export const greeting = 'hello, changed';\n");
    // THEN the bundle must be made again
    expect(isBundleCurrent(out)).toBe(false);
    bundleEntry(entry, out);
    expect(isBundleCurrent(out)).toBe(true);
    expect(fs.readFileSync(path.join(out, 'index.js'), 'utf8')).toContain('hello, changed');
  });

  test('fails the currency check when the bundle or its stamp is missing', () => {
    fs.rmSync(path.join(out, 'index.js'));
    expect(isBundleCurrent(out)).toBe(false);
    expect(isBundleCurrent(path.join(dir, 'never-built'))).toBe(false);
  });
});
