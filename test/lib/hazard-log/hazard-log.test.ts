import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { runCli } from '../../../lib/cli/program';
import { loadTrustFile } from '../../../lib/config/loader';
import { buildHazardLog, renderHazardLogMarkdown } from '../../../lib/hazard-log';
import { TrustStack } from '../../../lib/trust-stack';

const repo = path.join(__dirname, '..', '..', '..');

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A cloud assembly of the given trust configs (no packs: the hazard log needs none). */
function synth(files: string[]): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-hazards-'));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  for (const f of files) {
    const { config } = loadTrustFile(path.join(repo, f));
    new TrustStack(app, `Rootstock-${config.odsCode}-${config.environment}`, { trust: config });
  }
  app.synth();
  return outdir;
}

describe('rootstock hazard-log', () => {
  let example: string;
  beforeAll(() => {
    example = synth(['trusts/example.yaml', 'trusts/rww.yaml']);
  });

  test('lists exactly the hazards of the building blocks each trust deploys, rated, with every control traced', () => {
    // WHEN the log of the example (identity and FHIR on) and a foundations-only trust is built
    const log = buildHazardLog(example, { now: new Date('2026-11-28T00:00:00Z') });
    const byStack = Object.fromEntries(log.stacks.map((s) => [s.stack, s.hazards.map((h) => h.id)]));
    // THEN the FHIR and identity hazards appear only where those blocks are deployed
    expect(byStack['Rootstock-RXX-prod']).toEqual(expect.arrayContaining(['HAZ-FHIR-001', 'HAZ-FHIR-002', 'HAZ-IDENTITY-001', 'HAZ-KEYS-001', 'HAZ-AUDIT-001']));
    expect(byStack['Rootstock-RWW-prod'].filter((id) => /FHIR|IDENTITY/.test(id))).toEqual([]);
    expect(byStack['Rootstock-RWW-prod']).toEqual(expect.arrayContaining(['HAZ-KEYS-001', 'HAZ-BACKUP-001', 'HAZ-NET-001']));
    const fhir = log.stacks[0].hazards.find((h) => h.id === 'HAZ-FHIR-001')!;
    expect(fhir.recordedAt).toEqual(['Rootstock-RXX-prod/Fhir']);
    expect(fhir.initialRisk).toMatchObject({ severity: 5, likelihood: 3, rating: 4, severityName: 'Catastrophic' });
    expect(fhir.residualRisk.rating).toBeLessThan(fhir.initialRisk.rating);
    for (const h of log.stacks.flatMap((s) => s.hazards)) for (const c of h.controls) expect(fs.existsSync(path.join(repo, c.evidence.file))).toBe(true);
  });

  test('lists emergency access misuse, and the emergency path as a control, only for a trust that configured emergency access', () => {
    // GIVEN the example trust (no emergency access) and a trust with it, synthesised together
    const out = synth(['trusts/example.yaml', 'trusts/examples/emergency-access.yaml']);
    // WHEN the hazard log of what they deploy is built
    const log = buildHazardLog(out);
    const [without, withEmergency] = ['Rootstock-RXX-prod', 'Rootstock-RXE-test'].map((name) => log.stacks.find((s) => s.stack === name)!);
    const emergencyControls = (s: typeof without) => s.hazards.flatMap((h) => h.controls.filter((c) => c.implementedBy.includes('emergency-access') || c.evidence.file.includes('emergency')).map(() => h.id));
    // THEN only the trust with emergency access has HAZ-FHIR-007 and the emergency control of HAZ-FHIR-003
    expect(without.hazards.map((h) => h.id)).not.toContain('HAZ-FHIR-007');
    expect(emergencyControls(without)).toEqual([]);
    expect(withEmergency.hazards.map((h) => h.id)).toContain('HAZ-FHIR-007');
    expect(emergencyControls(withEmergency)).toEqual(expect.arrayContaining(['HAZ-FHIR-003', 'HAZ-FHIR-007']));
    expect(withEmergency.dcb0160.perHazard.map((p) => p.hazardId)).toContain('HAZ-FHIR-007');
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('carries the DCB0160 section for the trust\'s Clinical Safety Officer, one row per hazard, blank to complete', () => {
    const log = buildHazardLog(example);
    const s = log.stacks[0];
    expect(s.dcb0160.perHazard.map((p) => p.hazardId)).toEqual(s.hazards.map((h) => h.id));
    expect(s.dcb0160.signOff).toEqual({ clinicalSafetyOfficer: '', registration: '', date: '', nextReview: '' });
    const md = renderHazardLogMarkdown(log);
    expect(md).toContain("### DCB0160: to be completed by the trust's Clinical Safety Officer");
    expect(md).toContain('| HAZ-FHIR-001 | | | |');
  });

  test('writes JSON, Markdown and HTML and prints one line per stack', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hl-out-')), 'log');
    const r = await cli('hazard-log', example, '--out', out);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['hazard-log.html', 'hazard-log.json', 'hazard-log.md']);
    expect(r.out).toMatch(/^Rootstock-RXX-prod: \d+ hazards, \d+ library controls; residual risk 3 or above: /m);
    expect(fs.readFileSync(path.join(out, 'hazard-log.html'), 'utf8')).toContain('<h1>Clinical hazard log</h1>');
  });

  test('fails with exit 2 and writes nothing for a missing folder, or a stack that records no hazards', async () => {
    // GIVEN a cloud assembly whose stack was not built from Rootstock building blocks
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-nohazards-'));
    const app = new App({ outdir });
    new kms.Key(new Stack(app, 'Plain'), 'Key');
    app.synth();
    for (const target of [path.join(outdir, 'missing'), outdir]) {
      const out = path.join(outdir, `log-${path.basename(target)}`);
      const r = await cli('hazard-log', target, '--out', out);
      expect({ code: r.code, trace: /\n\s+at /.test(r.err) }).toEqual({ code: 2, trace: false });
      expect(fs.existsSync(out)).toBe(false);
    }
    expect((await cli('hazard-log', outdir, '--out', path.join(outdir, 'x'))).err).toMatch(/stack Plain records no hazards/);
  });
});
