// Refreshes test/baselines/ from a fresh `cdk synth` of trusts/: run it deliberately, in the same
// change as a reviewed, intended stateful change (never automatically in CI). CI compares every
// synth against this baseline with `rootstock upgrade-check`.
//   npx tsx scripts/refresh-baselines.ts            synthesise and write test/baselines/
//   npx tsx scripts/refresh-baselines.ts <cdk.out>  write from an existing synth
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeBaseline } from '../lib/upgrade/baseline';

const root = path.join(__dirname, '..');
const target = path.join(root, 'test', 'baselines');
let cdkOut = process.argv[2];
let temp: string | undefined;
if (!cdkOut) {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-baseline-'));
  cdkOut = temp;
  // The real CDK CLI, as CI runs it, so baseline and candidate are made the same way.
  const run = spawnSync(path.join(root, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '-o', cdkOut], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    process.stderr.write(`refresh-baselines: cdk synth failed (exit ${run.status}); the baseline was not changed.\n`);
    process.exit(run.status ?? 1);
  }
}
const stacks = writeBaseline(cdkOut, target);
if (temp) fs.rmSync(temp, { recursive: true, force: true });
process.stdout.write(`wrote ${path.relative(root, target)}/ with ${stacks.length} stack(s): ${stacks.join(', ')}\nReview the diff and commit it with the change that needed it.\n`);
