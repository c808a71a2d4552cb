// `npm run bench` (second part): `rootstock check` over a folder of N templates (default 240, as
// an assessor checking a whole fleet) in one process, against N separate runs of the CLI, one
// template each. The templates are the committed trust baselines, copied round-robin. One run of
// each; the ratio is what matters on these noisy machines. BENCH_CHECK_N=20 for a quick look.
// Results go to bench/check-results.json.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

const repo = path.join(__dirname, '..');
const n = Number(process.env.BENCH_CHECK_N ?? 240);
const cli = path.join(repo, 'bin', 'cli.js');
const baselines = path.join(repo, 'test', 'baselines');
const sources = fs.readdirSync(baselines).filter((f) => f.endsWith('.template.json')).sort();

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-bench-check-'));
const files: string[] = [];
for (let i = 0; i < n; i++) {
  const file = path.join(folder, `trust-${String(i).padStart(3, '0')}.template.json`);
  fs.copyFileSync(path.join(baselines, sources[i % sources.length]), file);
  files.push(file);
}

/** Runs the CLI and returns wall seconds; exit 0 (passed) and 1 (findings) are both a completed check. */
function timed(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'check', ...args, '--format', 'json'], { cwd: repo, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`rootstock check ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return seconds;
}

const oneProcess = timed([folder]);
process.stderr.write(`one process over ${n} templates: ${oneProcess.toFixed(1)} s\n`);
let separate = 0;
for (const [i, file] of files.entries()) {
  separate += timed([file]);
  if ((i + 1) % 40 === 0) process.stderr.write(`separate runs: ${i + 1} of ${n}, ${separate.toFixed(1)} s so far\n`);
}
fs.rmSync(folder, { recursive: true, force: true });

const result = {
  machine: { cores: os.cpus().length, memoryGiB: os.totalmem() / 2 ** 30, node: process.version },
  templates: n,
  resourcesPerTemplate: sources.map((f) => Object.keys((JSON.parse(fs.readFileSync(path.join(baselines, f), 'utf8')) as { Resources: object }).Resources).length),
  oneProcessSeconds: oneProcess,
  separateRunsSeconds: separate,
  perTemplateOneProcessMs: (oneProcess / n) * 1000,
  perTemplateSeparateMs: (separate / n) * 1000,
  separateOverOneProcess: separate / oneProcess,
};
fs.writeFileSync(path.join(__dirname, 'check-results.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `rootstock check, ${n} templates (NHS pack): one process ${oneProcess.toFixed(1)} s (${result.perTemplateOneProcessMs.toFixed(0)} ms each); ` +
    `${n} separate runs ${separate.toFixed(1)} s (${result.perTemplateSeparateMs.toFixed(0)} ms each); ratio ${result.separateOverOneProcess.toFixed(1)}x`,
);
