import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runtimeBundleDir } from '../../constructs/core/runtime-code';
import { bundleRuntimes, findRuntimeEntries } from '../../scripts/bundle-runtime';

describe('scripts/bundle-runtime: prebuilt Lambda handlers for the published package', () => {
  let root: string;

  beforeAll(() => {
    // GIVEN a package with one handler that imports a sibling module, and a non-handler file
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-bundle-'));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: '@nhsx/rootstock', version: '0.0.0-test' }));
    const runtime = path.join(root, 'constructs', 'demo', 'runtime');
    fs.mkdirSync(runtime, { recursive: true });
    fs.writeFileSync(path.join(runtime, 'greeting.ts'), 'export const greet = (who: string): string => `hello ${who}`;\n');
    fs.writeFileSync(path.join(runtime, 'hello.lambda.ts'), "import { greet } from './greeting';\nexport const handler = async (e: { who: string }) => ({ statusCode: 200, body: greet(e.who) });\n");
    fs.writeFileSync(path.join(root, 'constructs', 'demo', 'not-runtime.lambda.ts'), 'export const x = 1;\n');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('finds only *.lambda.ts files in runtime/ folders', () => {
    expect(findRuntimeEntries(root).map((f) => path.relative(root, f))).toEqual([path.join('constructs', 'demo', 'runtime', 'hello.lambda.ts')]);
  });

  test('bundles each handler, with its imports, into dist/runtime-bundles/<key>/index.js', async () => {
    // WHEN
    const keys = bundleRuntimes(root);
    // THEN the bundle stands alone and runs
    expect(keys).toEqual(['constructs/demo/runtime/hello.lambda']);
    const bundle = path.join(root, 'dist', 'runtime-bundles', 'constructs', 'demo', 'runtime', 'hello.lambda', 'index.js');
    const { handler } = require(bundle) as { handler: (e: { who: string }) => Promise<{ body: string }> };
    expect(await handler({ who: 'RXX' })).toEqual({ statusCode: 200, body: 'hello RXX' });
    // and the published folder carries the bundle alone: no reuse stamp with this machine's paths
    const { listFiles } = require('../../scripts/reproducible-synth') as typeof import('../../scripts/reproducible-synth');
    expect(listFiles(path.join(root, 'dist', 'runtime-bundles'))).toEqual([path.join('constructs', 'demo', 'runtime', 'hello.lambda', 'index.js')]);
    expect(fs.readFileSync(bundle, 'utf8')).not.toContain(root);
  });

  test('is what compiled code (no .ts sources beside it) resolves to', () => {
    // GIVEN the entry path compiled code computes: dist/constructs/demo/runtime/hello.lambda.ts (absent)
    const compiledEntry = path.join(root, 'dist', 'constructs', 'demo', 'runtime', 'hello.lambda.ts');
    // THEN
    expect(runtimeBundleDir(compiledEntry)).toBe(path.join(root, 'dist', 'runtime-bundles', 'constructs', 'demo', 'runtime', 'hello.lambda'));
  });
});
