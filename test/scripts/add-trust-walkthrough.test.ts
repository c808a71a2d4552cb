import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadTrustFile } from '../../lib/config/loader';
import { EDITS, NOISE, readmeSteps } from '../../scripts/add-trust-walkthrough';

const repo = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');

/**
 * The add-a-trust walkthrough (run whole by `npm run test:add-trust` in CI) follows the README's
 * steps as written: here, that it finds them, can do every edit they ask for, and that the
 * edited copy of the example is a config validate accepts.
 */
describe('add-a-trust walkthrough', () => {
  const steps = readmeSteps(readme);

  test("reads the README's steps: copy, edit, validate, synth the trust, fleet, full synth and upgrade-check", () => {
    expect(steps.filter((s) => !s.startsWith('#'))).toEqual([
      'cp trusts/example.yaml trusts/rab-prod.yaml',
      'npx rootstock validate trusts/rab-prod.yaml',
      'npm run synth -- -c trust=RAB',
      'npm run synth -- -c fleet=fleet/fleet.example.yaml',
      'npm run synth',
      'node bin/cli.js upgrade-check --baseline test/baselines --candidate cdk.out',
      'npm test',
    ]);
  });

  test('knows how to do every comment step, and refuses a README without the steps', () => {
    for (const step of steps.filter((s) => s.startsWith('#'))) expect({ step, known: EDITS.some((e) => e.step.test(step)) }).toEqual({ step, known: true });
    expect(() => readmeSteps('# Rootstock\n## Adding a trust\nno steps\n')).toThrow(/has no sh block of steps/);
  });

  test('the edit step turns a copy of the example into a new trust validate accepts, with an unreleased store', () => {
    // GIVEN a copy of the example, as the first step makes
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-walk-'));
    fs.mkdirSync(path.join(dir, 'trusts'));
    fs.copyFileSync(path.join(repo, 'trusts', 'example.yaml'), path.join(dir, 'trusts', 'rab-prod.yaml'));
    // WHEN the README's edit step is done
    const step = steps.find((s) => s.startsWith('# edit')) ?? '';
    EDITS.find((e) => e.step.test(step))?.run(dir, step);
    // THEN it is RAB's own config, with RXX's store lock gone
    const { config } = loadTrustFile(path.join(dir, 'trusts', 'rab-prod.yaml'));
    expect(config).toMatchObject({ odsCode: 'RAB', account: '444455556666', network: { cidr: '10.70.0.0/16' }, fhir: { enabled: true, storeLock: 'unreleased' } });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('fails a step that prints the noise users complained of, and only that', () => {
    const noisy = [
      "85 feature flags are not configured. Run 'cdk flags --unstable=flags' to learn more.",
      "   Acknowledge with 'Annotation::info-annotation'",
      '(node:1) Warning: NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)',
    ];
    for (const line of noisy) expect({ line, noise: NOISE.some((n) => n.test(line)) }).toEqual({ line, noise: true });
    expect(NOISE.some((n) => n.test('Successfully synthesized to cdk.out'))).toBe(false);
  });
});
