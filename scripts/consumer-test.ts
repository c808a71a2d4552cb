// The consumer test: proves the published package works outside this repository.
//   npx tsx scripts/consumer-test.ts
// 1. builds (tsc) and prebuilds the Lambda runtime bundles, then `npm pack`s the package;
// 2. checks the tarball holds compiled JS, type declarations, runtime bundles, README and
//    CHANGELOG, and nothing else (no tests, no cdk.out, no TypeScript sources but .d.ts);
// 3. installs the tarball into a fresh temporary CDK app WITHOUT network: the tarball is
//    extracted to app/node_modules/@nhsx/rootstock and each of its dependencies and peer
//    dependencies is symlinked from this repository's node_modules (Node resolves a symlinked
//    package's own dependencies from its real path, so transitive dependencies resolve too; a
//    dependency the package uses but does not declare is NOT linked, and fails the test);
// 4. checks every module the .d.ts files import is declared (or a Node built-in) and the runtime
//    bundles carry no build stamps or build paths; type-checks a TypeScript consumer against the
//    .d.ts files with skipLibCheck: false (as a strict consumer compiles), synthesises a TrustStack from
//    code with plain `node` (no tsx) with the NHS pack on, and checks the version stamp;
// 5. runs the packaged `rootstock` binary (--version, upgrade-check) from the install.
// Too slow for jest (a full tsc build); CI runs it after `npm test`. Exit 0 pass, 1 fail.
import { spawnSync, type SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The `files` list package.json must declare (the lead adds it; this script checks it). */
export const PUBLISH_FILES = ['bin/cli.js', 'dist/', 'schema/', 'README.md', 'CHANGELOG.md'];

/** The `prepack` script package.json must declare: a clean build and the runtime bundles. */
export const PREPACK = 'node -e "require(\'fs\').rmSync(\'dist\',{recursive:true,force:true})" && npm run build && tsx scripts/bundle-runtime.ts';

const ROOT = path.join(__dirname, '..');
const failures: string[] = [];

function step(title: string): void {
  process.stdout.write(`\n== ${title}\n`);
}

function check(ok: boolean, what: string): void {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
  if (!ok) failures.push(what);
}

function run(cmd: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    process.stderr.write(`${String(result.stdout ?? '')}${String(result.stderr ?? '')}`);
    throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}`);
  }
  return String(result.stdout ?? '');
}

function copyTree(from: string, to: string, skip: Set<string>): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (skip.has(entry.name) || entry.name.startsWith('cdk.out')) continue;
    const src = path.join(from, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) copyTree(src, path.join(to, entry.name), new Set());
    else fs.copyFileSync(src, path.join(to, entry.name));
  }
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-consumer-'));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string; version: string; files?: string[]; scripts?: Record<string, string>;
    dependencies?: Record<string, string>; peerDependencies?: Record<string, string>;
  };

  step('package.json declares what to publish');
  const filesDeclared = Array.isArray(pkg.files);
  check(filesDeclared, `package.json has "files" (add: "files": ${JSON.stringify(PUBLISH_FILES)})`);
  check(Boolean(pkg.scripts?.prepack), `package.json has a "prepack" script (add: "prepack": ${JSON.stringify(PREPACK)})`);

  step('build: tsc, then the Lambda runtime bundles');
  fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
  run('npm', ['run', 'build'], { cwd: ROOT });
  run(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'bundle-runtime.ts')], { cwd: ROOT });

  step('npm pack');
  let packDir = ROOT;
  if (!filesDeclared) {
    // Until package.json has "files", pack a staging copy with the list applied, so the rest is still tested.
    packDir = path.join(work, 'staging');
    copyTree(ROOT, packDir, new Set(['node_modules', '.git', '.bundles']));
    fs.writeFileSync(path.join(packDir, 'package.json'), JSON.stringify({ ...pkg, files: PUBLISH_FILES }, null, 2));
    process.stdout.write(`(packing a staging copy with "files": ${JSON.stringify(PUBLISH_FILES)} applied)\n`);
  }
  const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: packDir })) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const tarball = path.join(work, path.basename(packed[0].filename));
  const files = packed[0].files.map((f) => f.path).sort();
  process.stdout.write(`${path.basename(tarball)}: ${files.length} files\n`);

  step('tarball contents');
  const sources = fs.readdirSync(ROOT).length > 0 ? listRuntimeKeys() : [];
  check(files.includes('README.md') && files.includes('CHANGELOG.md') && files.includes('package.json'), 'README.md, CHANGELOG.md and package.json are in');
  check(files.includes('dist/lib/index.js') && files.includes('dist/lib/index.d.ts'), 'compiled entry point and its type declarations are in');
  check(files.includes('dist/lib/trust-stack/trust-stack.d.ts'), 'TrustStack type declarations are in');
  check(files.includes('bin/cli.js') && files.includes('dist/bin/rootstock-cli.js'), 'the rootstock binary and the compiled CLI are in');
  for (const key of sources) check(files.includes(`dist/runtime-bundles/${key}/index.js`), `runtime bundle ${key} is in`);
  const forbidden = files.filter((f) => /(^|\/)test\//.test(f) || /^cdk\.out/.test(f) || /(^|\/)node_modules\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || /^(scripts|\.ci|trusts|\.bundles)\//.test(f) || /\.test\./.test(f));
  check(forbidden.length === 0, `no tests, cdk.out, scripts or TypeScript sources (found: ${forbidden.slice(0, 10).join(', ') || 'none'})`);
  const declared = files.filter((f) => f.startsWith('dist/') && f.endsWith('.js') && !f.startsWith('dist/runtime-bundles/'));
  const missingDts = declared.filter((f) => !files.includes(f.replace(/\.js$/, '.d.ts')));
  check(missingDts.length === 0, `every compiled module has a .d.ts (missing: ${missingDts.slice(0, 5).join(', ') || 'none'})`);

  step('a fresh CDK app installs the tarball (offline)');
  const app = path.join(work, 'app');
  const installed = path.join(app, 'node_modules', ...pkg.name.split('/'));
  fs.mkdirSync(installed, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  // What the package declares, plus @types/node, which every TypeScript CDK app has (`cdk init` adds it).
  const needed = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), '@types/node'];
  for (const dep of needed) {
    const link = path.join(app, 'node_modules', ...dep.split('/'));
    fs.mkdirSync(path.dirname(link), { recursive: true });
    if (!fs.existsSync(link)) fs.symlinkSync(path.join(ROOT, 'node_modules', ...dep.split('/')), link, 'dir');
  }
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer-trust-app', private: true, dependencies: { [pkg.name]: pkg.version } }, null, 2));
  fs.writeFileSync(
    path.join(app, 'app.ts'),
    [
      "import { App } from 'aws-cdk-lib';",
      "import { TrustStack, TAG_VERSION, ROOTSTOCK_VERSION, addCompliancePacks, type TrustStackProps } from '@nhsx/rootstock';",
      "const props: TrustStackProps = { trust: { odsCode: 'RZZ', name: 'Consumer Test NHS Trust', environment: 'test' } };",
      "const app = new App({ outdir: 'cdk.out' });",
      "const stack: TrustStack = new TrustStack(app, 'Consumer', props);",
      'addCompliancePacks(app);',
      'app.synth();',
      "export const stamped: string = `${TAG_VERSION}=${ROOTSTOCK_VERSION} on ${stack.stackName}`;",
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, esModuleInterop: true, skipLibCheck: false, types: ['node'], outDir: '.' }, files: ['app.ts'] }),
  );

  step('the published types reference only what a consumer installs');
  const undeclared = undeclaredTypeImports(installed, new Set(needed));
  check(undeclared.length === 0, `every module a .d.ts imports is a dependency, a peer dependency or a Node built-in (undeclared: ${undeclared.slice(0, 5).join('; ') || 'none'})`);
  const stamps = files.filter((f) => f.startsWith('dist/runtime-bundles/') && !f.endsWith('/index.js'));
  check(stamps.length === 0, `runtime bundles hold index.js alone, no build stamps with this machine's paths (found: ${stamps.slice(0, 5).join(', ') || 'none'})`);
  const leaked = files.filter((f) => f.startsWith('dist/runtime-bundles/') && fs.readFileSync(path.join(installed, f), 'utf8').includes(ROOT));
  check(leaked.length === 0, `no runtime bundle names the build machine's path ${ROOT} (found in: ${leaked.join(', ') || 'none'})`);

  step('the consumer type-checks against the published .d.ts (skipLibCheck: false) and compiles');
  run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app });
  check(fs.existsSync(path.join(app, 'app.js')), 'tsc compiled app.ts to app.js');

  step('plain node synthesises a TrustStack from the package, NHS pack on');
  run(process.execPath, ['app.js'], { cwd: app, env: { ...process.env, NODE_OPTIONS: '' } });
  const manifest = JSON.parse(fs.readFileSync(path.join(app, 'cdk.out', 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string; properties?: { templateFile?: string; tags?: Record<string, string> } }> };
  const stackArtifact = Object.values(manifest.artifacts).find((a) => a.type === 'aws:cloudformation:stack');
  check(stackArtifact?.properties?.tags?.['rootstock:version'] === pkg.version, `the stack is tagged rootstock:version=${pkg.version}`);
  const template = JSON.parse(fs.readFileSync(path.join(app, 'cdk.out', stackArtifact?.properties?.templateFile ?? 'missing'), 'utf8')) as {
    Metadata?: { Rootstock?: { version?: string } }; Resources: Record<string, { Type: string; Properties?: { Value?: string; Tags?: Record<string, string> } }>;
  };
  check(template.Metadata?.Rootstock?.version === pkg.version, `the template metadata says Rootstock ${pkg.version}`);
  const param = Object.values(template.Resources).find((r) => r.Type === 'AWS::SSM::Parameter' && r.Properties?.Value === pkg.version);
  check(param?.Properties?.Tags?.['rootstock:version'] === pkg.version, 'the version parameter carries the rootstock:version tag');
  const resolvedFrom = run(process.execPath, ['-p', "require.resolve('@nhsx/rootstock')"], { cwd: app }).trim();
  check(resolvedFrom.startsWith(installed), `@nhsx/rootstock resolved from the installed tarball (${resolvedFrom})`);

  step('the packaged rootstock binary runs');
  const cli = path.join(installed, 'bin', 'cli.js');
  check(run(process.execPath, [cli, '--version'], { cwd: app }).trim() === pkg.version, `rootstock --version prints ${pkg.version}`);
  // The same synth compared with a copy of itself: no change, so the check passes.
  fs.cpSync(path.join(app, 'cdk.out'), path.join(app, 'cdk.out.baseline'), { recursive: true });
  const report = run(process.execPath, [cli, 'upgrade-check', '--baseline', 'cdk.out.baseline', '--candidate', 'cdk.out'], { cwd: app });
  check(report.includes('OK: no stateful resource would be replaced or removed.'), 'rootstock upgrade-check runs from the package');

  fs.rmSync(work, { recursive: true, force: true });
  process.stdout.write(failures.length ? `\nconsumer test FAILED (${failures.length}):\n- ${failures.join('\n- ')}\n` : '\nconsumer test passed\n');
  process.exitCode = failures.length ? 1 : 0;
}

/**
 * `file: module` for each bare module that a `.d.ts` reachable from the package's `types` entry
 * imports and a consumer would not have: not in `declared` (dependencies, peer dependencies,
 * @types/node) and not a Node built-in. These are what break a consumer compiling with
 * `skipLibCheck: false`.
 */
export function undeclaredTypeImports(packageDir: string, declared: ReadonlySet<string>): string[] {
  const { builtinModules } = require('module') as typeof import('module');
  const builtins = new Set(builtinModules);
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { types?: string };
  const found = new Set<string>();
  const seen = new Set<string>();
  const queue = [path.join(packageDir, pkg.types ?? 'index.d.ts')];
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file) || !fs.existsSync(file)) continue;
    seen.add(file);
    // Comments hold example code (`from '...'` in prose): only statements count.
    const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      if (spec.startsWith('.')) {
        const base = path.resolve(path.dirname(file), spec);
        queue.push(fs.existsSync(`${base}.d.ts`) ? `${base}.d.ts` : path.join(base, 'index.d.ts'));
        continue;
      }
      const bare = spec.replace(/^node:/, '');
      const name = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0];
      if (!declared.has(name) && !builtins.has(name)) found.add(`${path.relative(packageDir, file)}: ${spec}`);
    }
  }
  return [...found].sort();
}

/** The runtime keys the package must carry: one per constructs/**\/runtime/*.lambda.ts. */
function listRuntimeKeys(): string[] {
  const { findRuntimeEntries } = require('./bundle-runtime') as typeof import('./bundle-runtime');
  const { runtimeKey } = require('../constructs/core/runtime-code') as typeof import('../constructs/core/runtime-code');
  return findRuntimeEntries(ROOT).map((e) => runtimeKey(e));
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`consumer test FAILED: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
