// `npm run bench`: fleet-scale synth timing and memory, per fleet size and policy-pack mode.
// Sizes default to 1,10,50,240 (BENCH_SIZES=1,10 for a quick look); each measurement runs in a
// fresh process three times and the median is reported. Results go to bench/results.json.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { TrustConfigSchema } from '../lib/config/schema';

const repo = path.join(__dirname, '..');
const sizes = (process.env.BENCH_SIZES ?? '1,10,50,240').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const modes = ['a', 'b', 'c'] as const;
const modeNames = { a: 'no packs', b: 'NHS pack', c: 'all four packs' };
const shape = (TrustConfigSchema as unknown as { shape: Record<string, unknown> }).shape;

/** A varied, valid ODS code for trust i: R + two or three letters/digits. */
function odsCode(i: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  const a = alphabet[i % alphabet.length];
  const b = alphabet[Math.floor(i / alphabet.length) % alphabet.length];
  return i % 3 === 0 ? `R${b}${a}` : `R${b}${a}${alphabet[(i * 7) % alphabet.length]}`;
}

function writeFleet(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rootstock-bench-${n}-`));
  for (let i = 0; i < n; i++) {
    // Every fourth trust has FHIR on and every fourth (offset) identity, as the fleet will.
    const fhir = 'fhir' in shape && i % 4 === 1;
    const identity = 'identity' in shape && i % 4 === 2;
    const lines = [
      `odsCode: ${odsCode(i)}`,
      `name: Bench NHS Trust ${i}`,
      // An unreleased FHIR store is a warning in prod, so FHIR trusts here are test environments.
      `environment: ${fhir ? 'test' : ['dev', 'test', 'prod'][i % 3]}`,
      `network:\n  cidr: 10.${i % 250}.0.0/16`,
    ];
    if (fhir) {
      lines.push(
        [
          'fhir:',
          '  enabled: true',
          '  tokenIssuer:',
          '    issuer: https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
          '    jwksUri: https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare/connect/jwk_uri',
          `    audience: bench-client-${i}`,
          '    roleClaim: cis2',
          '  rolePolicy:',
          '    R8000:',
          '      Patient: [read, search-type]',
          '  storeLock: unreleased',
        ].join('\n'),
      );
    }
    if (identity) {
      lines.push(
        ['identity:', '  callbackUrls:', '    - https://app.example.nhs.uk/callback', '  cis2:', '    environment: int', `    clientId: bench-client-${i}`].join('\n'),
      );
    }
    fs.writeFileSync(path.join(dir, `trust-${i}.yaml`), `${lines.join('\n')}\n`);
  }
  return dir;
}

interface Sample { wallSeconds: number; maxRssBytes: number; stacks: number; resourcesPerStack: number }

function measure(dir: string, mode: string): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-bench-out-'));
  const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(__dirname, 'synth-fleet.ts'), dir, mode, outdir], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // As `npm run synth`: CloudFormation schema validation off (npm test runs it), policy packs per mode.
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192', CDK_VALIDATION: 'false' },
  });
  fs.rmSync(outdir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`synth of ${dir} (mode ${mode}) failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results: Record<string, unknown>[] = [];
for (const n of sizes) {
  const dir = writeFleet(n);
  const row: Record<string, unknown> = { n };
  for (const mode of modes) {
    const samples = Array.from({ length: runs }, () => measure(dir, mode));
    const wall = median(samples.map((s) => s.wallSeconds));
    row[mode] = {
      medianWallSeconds: wall,
      perTrustMs: (wall / n) * 1000,
      peakRssMiB: Math.max(...samples.map((s) => s.maxRssBytes)) / 2 ** 20,
      resourcesPerStack: samples[0].resourcesPerStack,
    };
    process.stderr.write(`N=${n} ${modeNames[mode]}: ${wall.toFixed(2)} s\n`);
  }
  const a = row.a as { medianWallSeconds: number };
  row.ratios = {
    bOverA: (row.b as typeof a).medianWallSeconds / a.medianWallSeconds,
    cOverA: (row.c as typeof a).medianWallSeconds / a.medianWallSeconds,
  };
  results.push(row);
  fs.rmSync(dir, { recursive: true, force: true });
}
// Per-trust time (all four packs) against N=1 and N=10: how cost grows with the fleet.
const base = results.find((r) => r.n === 1) as { c: { perTrustMs: number } } | undefined;
const base10 = results.find((r) => r.n === 10) as { c: { perTrustMs: number } } | undefined;
for (const r of results as Array<{ n: number; c: { perTrustMs: number }; perTrustVsN1?: number; perTrustVsN10?: number }>) {
  if (base) r.perTrustVsN1 = r.c.perTrustMs / base.c.perTrustMs;
  if (base10) r.perTrustVsN10 = r.c.perTrustMs / base10.c.perTrustMs;
}

// One trust end to end, as a user runs it (`npm run synth -- -c trust=RXX`): process start to
// templates written, all packs.
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-bench-cli-'));
const cliTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  try {
    execFileSync('npm', ['run', 'synth', '--', '-c', 'trust=RXX', '-o', outdir], { cwd: repo, stdio: 'pipe' });
  } catch {
    // a finding fails the synth; the time to templates written is what is measured here
  }
  cliTimes.push((performance.now() - t0) / 1000);
}
fs.rmSync(outdir, { recursive: true, force: true });

const out = { machine: { cores: os.cpus().length, memoryGiB: os.totalmem() / 2 ** 30, node: process.version }, runs, results, oneTrustCliSynthSeconds: median(cliTimes) };
fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(out, null, 2)}\n`);

const pad = (s: string | number, w: number) => String(s).padStart(w);
console.log(`cores ${out.machine.cores}, ${runs} runs per cell, medians\n`);
console.log(`${pad('N', 4)} ${pad('mode', 15)} ${pad('wall s', 8)} ${pad('ms/trust', 9)} ${pad('peak RSS MiB', 13)} ${pad('res/stack', 9)}`);
for (const r of results as Array<Record<string, { medianWallSeconds: number; perTrustMs: number; peakRssMiB: number; resourcesPerStack: number }> & { n: number; ratios: { bOverA: number; cOverA: number }; perTrustVsN1?: number; perTrustVsN10?: number }>) {
  for (const mode of modes) {
    const c = r[mode];
    console.log(`${pad(r.n, 4)} ${pad(modeNames[mode], 15)} ${pad(c.medianWallSeconds.toFixed(2), 8)} ${pad(c.perTrustMs.toFixed(0), 9)} ${pad(c.peakRssMiB.toFixed(0), 13)} ${pad(c.resourcesPerStack.toFixed(0), 9)}`);
  }
  console.log(`${pad(r.n, 4)} ratios: (b)/(a) ${r.ratios.bOverA.toFixed(2)}, (c)/(a) ${r.ratios.cOverA.toFixed(2)}, per-trust (c) vs N=1 ${r.perTrustVsN1?.toFixed(2) ?? 'n/a'}, vs N=10 ${r.perTrustVsN10?.toFixed(2) ?? 'n/a'}`);
}
console.log(`\none trust, cdk synth end to end (all packs): ${out.oneTrustCliSynthSeconds.toFixed(2)} s`);
