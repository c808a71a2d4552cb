// npm run test:config-space: the config-space property over at least 400 accepted trust configs
// (see test/lib/config/config-space.ts). CONFIG_SPACE_SEED and CONFIG_SPACE_ACCEPTED change the
// seed and the size. Exit 1 on any failure, and on an optional section or enum value no generated
// config covered.
import { describeRun, runConfigSpace } from '../test/lib/config/config-space';

const seed = Number(process.env.CONFIG_SPACE_SEED ?? 1128);
const accepted = Number(process.env.CONFIG_SPACE_ACCEPTED ?? 400);
const run = runConfigSpace({ seed, accepted, junk: 0.3, batch: 50, appProcesses: 20, log: (line) => process.stdout.write(`${line}\n`) });
process.stdout.write(`${describeRun(run)}\n`);
const uncovered = [...run.coverage.sections.missing, ...run.coverage.enumValues.missing];
if (uncovered.length) process.stdout.write(`not covered: ${uncovered.join(', ')}\n`);
process.exit(run.failures.length > 0 || uncovered.length > 0 ? 1 : 0);
