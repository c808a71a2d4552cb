import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Tags, Validations, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { buildEvidence, type Evidence, type StackEvidence } from '../../../lib/compliance/evidence';
import { MINIMUM_RULES_FOR_MET } from '../../../policies/control-status';
import { SecurityServices } from '../../../constructs/security/security-services';
import { acknowledge, DESIGN_REVIEW } from '../../../policies/acknowledge';
import { controlsCatalogue } from '../../../policies/controls';
import { createPacks } from '../../../policies/packs';
import { NHS_RULES } from '../../../policies/rules';
import { ROOTSTOCK_VERSION } from '../../../lib/version';

const ACK = { reason: 'Key material imported from the trust <HSM> & rotated there', approvedBy: 'J Smith, SIRO', expires: '2099-12-31' };
const NOW = new Date('2026-01-01T00:00:00Z');

/** The four packs a synth runs, from the pack registry: each records its run in the cloud assembly. */
function recordedPacks(withNhs = true): IPolicyValidationPlugin[] {
  return createPacks(withNhs ? ['nhs', 'aws-solutions', 'hipaa', 'nist-800-53-r5'] : ['aws-solutions', 'hipaa', 'nist-800-53-r5']);
}

function synth(outdir: string, build: (app: App) => void, plugins: IPolicyValidationPlugin[]): void {
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  build(app);
  Validations.of(app).addPlugins(...plugins);
  try {
    app.synth({ validateOnSynthesis: false });
  } catch (e) {
    // Open findings fail synth after the templates, report and records are written.
    if ((e as Error).name !== 'ValidationFailed') throw e;
  }
}

describe('rootstock evidence', () => {
  let dir: string;
  let evidence: Evidence;
  const stack = (id: string, e: Evidence = evidence): StackEvidence => e.stacks.find((s) => s.stack === id)!;
  const control = (s: string, id: string, e: Evidence = evidence) => stack(s, e).controls.find((c) => c.id === id)!;

  beforeAll(() => {
    // GIVEN a real synth with the four packs recording their runs: an open finding, an
    // acknowledged one (the trust's) beside a library one, a clean key, and security services off
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
    synth(
      path.join(dir, 'cdk.out'),
      (app) => {
        const open = new Stack(app, 'Open');
        Tags.of(open).add('rootstock:version', '1.2.3');
        new kms.Key(open, 'Key');
        new s3.Bucket(open, 'Data');
        const acked = new Stack(app, 'Acked');
        const ackedKey = new kms.Key(acked, 'Key');
        acknowledge(ackedKey, 'NHS-KMSKeyRotationEnabled', ACK);
        acknowledge(ackedKey, 'AwsSolutions-KMS5', { reason: 'By design', ...DESIGN_REVIEW });
        new kms.Key(new Stack(app, 'Clean'), 'Key', { enableKeyRotation: true });
        const central = new Stack(app, 'Central');
        const key = new kms.Key(central, 'Key', { enableKeyRotation: true });
        new SecurityServices(central, 'Security', {
          logsKey: key,
          archiveBucket: new s3.Bucket(central, 'Archive', { encryptionKey: key }),
          guardDuty: { enabled: false, reason: 'Run by the ICS delegated administrator account' },
          config: { enabled: false, reason: 'Recorded by the ICS organisation aggregator' },
        });
      },
      recordedPacks(),
    );
    evidence = buildEvidence(path.join(dir, 'cdk.out'), { now: NOW });
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('names each pack that ran over each stack, with version, rule count and resources checked', () => {
    for (const s of evidence.stacks) {
      expect(s.packs.filter((p) => p.ran).map((p) => p.plugin)).toEqual(['NhsTrustChecks', 'AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5']);
      expect(s.packs.find((p) => p.plugin === 'NhsTrustChecks')).toEqual(expect.objectContaining({ ran: true, version: ROOTSTOCK_VERSION, ruleCount: NHS_RULES.length }));
      expect(s.packs.find((p) => p.plugin === 'cdk-validator-cfnguard')).toEqual(expect.objectContaining({ ran: false, notAssessed: expect.stringContaining(`not assessed: the AWS Control Tower proactive controls (cfn-guard) did not run on ${s.stack}`) }));
    }
    expect(stack('Clean').packs[0].resourcesChecked).toBe(1);
  });

  test('a control is met only when every applicable rule passed and at least two distinct rules applied', () => {
    for (const s of evidence.stacks) {
      for (const c of s.controls) {
        const applied = c.rules.filter((r) => r.counts && r.counts.compliant + r.counts.nonCompliant + r.counts.errors > 0);
        if (c.status === 'met') {
          expect(applied.length).toBeGreaterThanOrEqual(MINIMUM_RULES_FOR_MET);
          expect(applied.every((r) => r.status === 'passed' && r.counts!.nonCompliant === 0 && r.counts!.errors === 0)).toBe(true);
          // Every "met" names the rules and the resources behind it.
          expect(applied.every((r) => r.resources.length === r.counts!.compliant)).toBe(true);
        }
        if (c.status === 'partially evidenced') expect(applied.length).toBe(1);
        if (c.status === 'not applicable') expect(applied).toEqual([]);
      }
    }
    expect(control('Clean', 'B3.c').status).toMatch(/^(met|partially evidenced)$/);
    expect(control('Open', 'B3.c')).toEqual(expect.objectContaining({ status: 'not met', why: expect.stringMatching(/open finding/) }));
    expect(control('Acked', 'B3.c').status).toBe('acknowledged');
    expect(control('Clean', 'C1.a')).toEqual(expect.objectContaining({ status: 'not applicable', resourcesJudged: 0 }));
    expect(control('Clean', 'A1.a')).toEqual(expect.objectContaining({ status: 'not assessed', why: 'no NHS rule evidences this control', rules: [] }));
    const rotation = control('Open', 'B3.c').rules.find((r) => r.ruleId === 'NHS-KMSKeyRotationEnabled')!;
    expect(rotation).toEqual(expect.objectContaining({ status: 'failed', openFindings: 1, counts: expect.objectContaining({ nonCompliant: 1 }), resources: [expect.stringMatching(/^Key/)] }));
  });

  test('lists every acknowledgement with who, why and expiry, the trust apart from the library, soonest first', () => {
    const acks = stack('Acked').acknowledgements;
    expect(acks.map((a) => [a.ruleId, a.library])).toEqual([['AwsSolutions-KMS5', true], ['NHS-KMSKeyRotationEnabled', false]]);
    expect(acks[1]).toEqual(expect.objectContaining({ reason: ACK.reason, approvedBy: 'J Smith, SIRO', expires: '2099-12-31', resource: 'Acked/Key/Resource', acknowledgedAt: 'Acked/Key', problem: undefined }));
    expect(stack('Acked').summary).toEqual(expect.objectContaining({ trustAcknowledgements: 1, libraryAcknowledgements: 1, acknowledgedFindings: 2 }));
    // Judged after the expiry, the acknowledgement no longer counts and the control is not met.
    const later = buildEvidence(path.join(dir, 'cdk.out'), { now: new Date('2100-01-01T00:00:00Z') });
    expect(stack('Acked', later).acknowledgements[1].problem).toBe('expired on 2099-12-31');
    expect(control('Acked', 'B3.c', later)).toEqual(expect.objectContaining({ status: 'not met', why: expect.stringContaining('expired on 2099-12-31') }));
  });

  test('shows each security service turned off, with its reason, against the controls it served', () => {
    expect(stack('Central').securityServicesOff).toEqual([
      expect.objectContaining({ service: 'guardDuty', label: 'Amazon GuardDuty', reason: 'Run by the ICS delegated administrator account', controls: expect.arrayContaining(['C1.a', 'C1.c']) }),
      expect.objectContaining({ service: 'config', label: 'AWS Config', reason: 'Recorded by the ICS organisation aggregator', controls: expect.arrayContaining(['A3.a', 'B4.b']) }),
    ]);
    expect(control('Central', 'C1.a').turnedOff.map((t) => [t.service, t.reason])).toEqual([
      ['guardDuty', 'Run by the ICS delegated administrator account'],
      ['config', 'Recorded by the ICS organisation aggregator'],
    ]);
    expect(control('Central', 'B4.d').turnedOff).toEqual([]);
    expect(stack('Clean').securityServicesOff).toEqual([]);
  });

  test('stamps the library version per stack, and counts every open finding of every pack', () => {
    expect(stack('Open').rootstockVersion).toBe('1.2.3');
    expect(stack('Clean').rootstockVersion).toBeUndefined();
    const open = stack('Open').findings.filter((f) => f.status === 'open');
    expect(new Set(open.map((f) => f.pack))).toEqual(new Set(['NhsTrustChecks', 'AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5']));
    expect(stack('Open').summary.openFindings).toBe(open.length);
    expect(stack('Open').packs.reduce((n, p) => n + p.openFindings, 0)).toBe(open.length);
  });

  describe('without the NHS pack', () => {
    let without: Evidence;
    beforeAll(() => {
      // GIVEN the same kind of app synthesised with only the three AWS packs, its archive weakened
      // to Object Lock GOVERNANCE for a day (which only an NHS rule catches)
      const outdir = path.join(dir, 'aws-only.out');
      synth(
        outdir,
        (app) => {
          const s = new Stack(app, 'Weak');
          new s3.Bucket(s, 'Archive', { objectLockEnabled: true, objectLockDefaultRetention: s3.ObjectLockRetention.governance(require('aws-cdk-lib').Duration.days(1)) });
          new kms.Key(s, 'Key', { enableKeyRotation: true });
        },
        recordedPacks(false),
      );
      without = buildEvidence(outdir, { now: NOW });
    }, 60_000);

    test('says "not assessed" for every outcome, because only the NHS pack evidences them', () => {
      const weak = stack('Weak', without);
      const nhsOnly = controlsCatalogue().controls.filter((c) => c.ruleIds.length > 0).map((c) => c.id);
      expect(nhsOnly.length).toBeGreaterThan(20);
      for (const id of nhsOnly) {
        expect(control('Weak', id, without)).toEqual(expect.objectContaining({ status: 'not assessed', why: expect.stringContaining('not assessed: the NHS pack did not run on Weak') }));
      }
      expect(weak.summary).toEqual(expect.objectContaining({ met: 0, partiallyEvidenced: 0, notApplicable: 0, packsRan: 3 }));
      expect(weak.packs[0]).toEqual(expect.objectContaining({ plugin: 'NhsTrustChecks', ran: false }));
      expect(control('Weak', 'C1.b', without).rules.every((r) => r.status === 'not assessed')).toBe(true);
    });

    test('a record from an earlier synth does not count for a template written since', () => {
      // GIVEN an NHS record that names the template but was written before it (a later synth ran without the pack)
      const outdir = path.join(dir, 'stale.out');
      synth(outdir, (app) => new kms.Key(new Stack(app, 'Later'), 'Key', { enableKeyRotation: true }), recordedPacks());
      const record = path.join(outdir, 'rootstock-pack-runs', 'NhsTrustChecks.json');
      const hourAgo = new Date(Date.now() - 3_600_000);
      fs.utimesSync(record, hourAgo, hourAgo);
      // WHEN / THEN
      const nhs = stack('Later', buildEvidence(outdir, { now: NOW })).packs[0];
      expect(nhs).toEqual(expect.objectContaining({ ran: false, notAssessed: expect.stringContaining('its record is from an earlier synth') }));
    });
  });
});
