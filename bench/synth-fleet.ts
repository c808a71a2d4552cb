// One measured synth of a whole fleet in this process: `tsx bench/synth-fleet.ts <trustsDir> <mode> <outdir>`.
// Prints one JSON line: { wallSeconds, maxRssBytes, stacks, resourcesPerStack, findings }.
// Modes: a = no policy packs, b = the NHS pack, c = all four packs (NHS, AwsSolutions, HIPAA, NIST 800-53 R5).
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';

const [trustsDir, mode, outdir] = process.argv.slice(2);
const start = performance.now();
// Loading the libraries is part of what a synth costs, so it is inside the timed region.
const { App, Validations } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
const nag = require('cdk-nag') as typeof import('cdk-nag');
const { buildRootstockApp } = require('../lib/app') as typeof import('../lib/app');
const { NhsTrustChecks } = require('../policies/nhs-trust-checks') as typeof import('../policies/nhs-trust-checks');

const app = new App({ outdir, context: { trust: 'all' } });
const stacks = buildRootstockApp(app, { trustsDir, checks: false });
if (mode === 'b') Validations.of(app).addPlugins(new NhsTrustChecks(app));
if (mode === 'c') {
  Validations.of(app).addPlugins(
    new NhsTrustChecks(app),
    new nag.AwsSolutionsChecks(app),
    new nag.HIPAASecurityChecks(app),
    new nag.NIST80053R5Checks(app),
  );
}
let findings = 0;
try {
  app.synth();
} catch (e) {
  // A finding fails synth (templates are still written); the bench measures the cost, not the verdict.
  if ((e as Error).name !== 'ValidationError' && !/Validation failed/i.test((e as Error).message)) throw e;
  findings = -1;
}
const wallSeconds = (performance.now() - start) / 1000;
const resources = stacks.map((s) => {
  const t = JSON.parse(fs.readFileSync(path.join(outdir, `${s.artifactId}.template.json`), 'utf8'));
  return Object.keys(t.Resources ?? {}).length;
});
process.stdout.write(
  `${JSON.stringify({
    wallSeconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    stacks: stacks.length,
    resourcesPerStack: resources.length ? resources.reduce((a, b) => a + b, 0) / resources.length : 0,
    findings,
  })}\n`,
);
