/// <reference lib="dom" />
// The evidence report as an assessor opens it: evidence.html in real headless Chromium (Debian's
// `chromium`, installed by scripts/install-chromium.sh). Run with `npm run test:browser`; it is
// kept out of `npm test` because a fresh clone has no browser. Screenshots go to
// artifacts/evidence-browser/.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildRootstockApp } from '../../../lib/app';
import { writeEvidence } from '../../../lib/compliance/write';
import { acknowledge } from '../../../policies/acknowledge';
import { createPacks } from '../../../policies/packs';

const REPO = path.join(__dirname, '..', '..', '..');
const SHOTS = path.join(REPO, 'artifacts', 'evidence-browser');
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('evidence.html in headless Chromium', () => {
  let dir: string;
  let html: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/install-chromium.sh (Debian's chromium package) first.`);
    // GIVEN every trust in trusts/ synthesised with the four packs recording their runs, one
    // trust with exceptions of its own whose reasons are long and unbroken (the worst case for width)
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-browser-'));
    const outdir = path.join(dir, 'cdk.out');
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const [first] = buildRootstockApp(app, { trustsDir: path.join(REPO, 'trusts'), checks: false });
    const key = new kms.Key(first, 'LegacyImportedKeyWithAVeryLongConstructIdThatWouldPushATableWide');
    const long = `Imported key material held in the trust HSM (ticket SEC-123): ${'rotation-happens-in-the-HSM-on-a-yearly-schedule-'.repeat(6)}`;
    acknowledge(key, 'NHS-KMSKeyRotationEnabled', { reason: long, approvedBy: 'J Smith, Senior Information Risk Owner', expires: inDays(200) });
    acknowledge(key, 'AwsSolutions-KMS5', { reason: 'Imported key', approvedBy: 'J Smith, SIRO', expires: inDays(20) });
    acknowledge(key, 'NIST.800.53.R5-KMSBackingKeyRotationEnabled', { reason: 'Imported key', approvedBy: 'A Jones, CISO', expires: inDays(90) });
    Validations.of(app).addPlugins(...createPacks());
    app.synth();
    writeEvidence(outdir, path.join(dir, 'evidence'));
    html = path.join(dir, 'evidence', 'evidence.html');
    fs.mkdirSync(SHOTS, { recursive: true });
    // WHEN it is opened in Chromium, a laptop-sized window, a fresh profile
    context = await chromium.launchPersistentContext(path.join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await page.goto(`file://${html}`);
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each([1280, 1024])('nothing scrolls sideways at %i px: every table and column fits the window', async (width) => {
    await page.setViewportSize({ width, height: 800 });
    const overflow = await page.evaluate(() => {
      const doc = document.documentElement;
      const wide = Array.from(document.querySelectorAll('table, th, td')).filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1);
      return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide: wide.length };
    });
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
    expect(overflow.wide).toBe(0);
  });

  test('at a glance: one row per stack with met, partial, not met and not assessed counts, linked to its section', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const rows = await page.$$eval('#at-a-glance tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
    expect(rows.map((r) => r[0])).toEqual(['Rootstock-RXX-prod (RXX, prod)', 'Rootstock-RWW-prod (RWW, prod)', 'Rootstock-RYY-test (RYY, test)', 'Rootstock-RZZ-prod (RZZ, prod)']);
    for (const r of rows) expect(r.slice(1, 9).every((c) => /^\d+( of \d+)?$/.test(c))).toBe(true);
    await page.locator('#at-a-glance').screenshot({ path: path.join(SHOTS, 'at-a-glance.png') });
    await page.screenshot({ path: path.join(SHOTS, 'top-of-report.png') });
    // Following a contents link lands on the stack's section.
    await page.click('nav a[href="#stack-Rootstock-RWW-prod"]');
    const top = await page.$eval('#stack-Rootstock-RWW-prod', (el) => el.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(5);
  });

  test('each control shows its status, why, and the rules and resources behind it', async () => {
    const row = page.locator('#stack-Rootstock-RXX-prod-B3\\.c');
    await row.scrollIntoViewIfNeeded();
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe('B3.c Stored data (claimed)');
    expect(cells[1]).toBe('acknowledged');
    expect(cells[3]).toMatch(/NHS-KMSKeyRotationEnabled: acknowledged \(\d+ passed, 1 failed\) on .*LegacyImportedKey/);
    await page.screenshot({ path: path.join(SHOTS, 'controls.png') });
  });

  test("the trust's own acknowledgements: who, why, expiry on screen, soonest first, sortable", async () => {
    const table = page.locator('#stack-Rootstock-RXX-prod-trust-acks + p + table');
    await table.scrollIntoViewIfNeeded();
    const expiries = async () => table.locator('tbody tr td:first-child').allTextContents();
    expect(await expiries()).toEqual([inDays(20), inDays(90), inDays(200)]);
    const box = (await table.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: path.join(SHOTS, 'trust-acknowledgements.png') });
    // Clicking "Expires" sorts (descending), again ascending.
    await table.locator('th', { hasText: 'Expires' }).click();
    expect(await expiries()).toEqual([inDays(200), inDays(90), inDays(20)]);
    await table.locator('th', { hasText: 'Expires' }).click();
    expect(await expiries()).toEqual([inDays(20), inDays(90), inDays(200)]);
    const approvers = await table.locator('tbody tr td:last-child').allTextContents();
    expect(approvers).toEqual(['J Smith, SIRO', 'A Jones, CISO', 'J Smith, Senior Information Risk Owner']);
  });
});
