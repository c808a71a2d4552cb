import { describeRun, runConfigSpace, type SpaceRun } from './config-space';

/**
 * The config space, sampled: trust configs generated from the trust schema (fixed seed), every
 * one validate accepts synthesised in one app with all four packs and CloudFormation schema
 * validation, every one it rejects checked against synth. `npm run test:config-space` runs the
 * same property over at least 400 accepted configs.
 */
describe('every trust config validate accepts synthesises clean; every one it rejects, synth rejects alike', () => {
  let run: SpaceRun;
  beforeAll(() => {
    run = runConfigSpace({ seed: 20251128, accepted: 40, junk: 0.3, batch: 60, appProcesses: 2 });
    process.stdout.write(`${describeRun(run)}\n`);
  }, 240_000);

  test('synthesises at least 40 accepted configs and checks the rejected ones', () => {
    expect(run.accepted).toBeGreaterThanOrEqual(40);
    expect(run.rejected).toBeGreaterThan(0);
  });

  test('no config fails (a failure is printed with its seed, replay path and shrunk config)', () => {
    expect(run.failures.map((f) => f.report)).toEqual([]);
  });

  test('every top-level section appears in an accepted config and every enum value in a generated one (the 400-config run requires every nested section too)', () => {
    expect(run.coverage.sections.missing.filter((p) => !p.includes('.'))).toEqual([]);
    expect(run.coverage.enumValues.missing).toEqual([]);
  });
});
