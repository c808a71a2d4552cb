import * as fs from 'fs';
import * as path from 'path';
import { defaultAssumptions } from '../../../lib/cost/assumptions';
import { estimateStack } from '../../../lib/cost/estimate';
import { loadPriceTable } from '../../../lib/cost/prices';
import { FREE_TYPES, PRICED_TYPES } from '../../../lib/cost/rules';
import { synthesiseTrusts } from '../../../lib/cost/synth';
import { trustStackName } from '../../../lib/trust-stack';
import { listTrustFiles, loadTrustFile, parseTrustConfig, type LoadedTrust } from '../../../lib/config/loader';

/*
 * Every resource type a synthesised trust stack can hold must be priced or marked free with a
 * reason: a new building block that adds a type fails here until it is. The stacks are every
 * trusts/*.yaml plus configs that turn on what those leave off (each SIEM destination, security
 * services off, a minimal dev trust).
 */
const root = path.join(__dirname, '..', '..', '..');
const variant = (name: string, yaml: string): LoadedTrust => ({ file: name, config: parseTrustConfig(yaml, name) });
const base = 'name: Cost Coverage Trust\n';
const trusts: LoadedTrust[] = [
  ...listTrustFiles(path.join(root, 'trusts')).map(loadTrustFile),
  variant('dev.yaml', `odsCode: RDV\n${base}environment: dev\n`),
  variant('splunk.yaml', `odsCode: RSP\n${base}environment: test\nsiem:\n  destination: splunk\n  endpoint: https://splunk.example.nhs.uk/services/collector\n  secretName: rootstock/siem/hec-token\n`),
  variant('http.yaml', `odsCode: RHT\n${base}environment: test\nsiem:\n  destination: http\n  endpoint: https://sentinel.example.nhs.uk/ingest\n  secretName: rootstock/siem/key\n`),
  variant('s3.yaml', `odsCode: RSS\n${base}environment: prod\nsiem:\n  destination: s3\n  bucketArn: arn:aws:s3:::central-security-logs\n`),
  variant(
    'off.yaml',
    `odsCode: ROF\n${base}environment: test\nsecurityServices:\n  guardDuty: { enabled: false, reason: run centrally by the ICS security account }\n  securityHub: { enabled: false, reason: run centrally by the ICS security account }\n  config: { enabled: false, reason: run centrally by the ICS security account }\n`,
  ),
];
// Config-space examples, once they land in examples/, are covered the same way.
const examples = path.join(root, 'examples');
if (fs.existsSync(examples)) trusts.push(...listTrustFiles(examples).map(loadTrustFile));

describe('every resource type in a synthesised trust stack has a price entry or is marked free', () => {
  const stacks = synthesiseTrusts(trusts);
  const prices = loadPriceTable();
  const stackOf = (t: LoadedTrust) => {
    const found = stacks.find((s) => s.stackName === trustStackName(t.config));
    if (!found) throw new Error(`no stack synthesised for ${trustStackName(t.config)}`);
    return found;
  };

  test('the trusts synthesise to one stack each', () => {
    expect(stacks.map((s) => s.stackName).sort()).toEqual(trusts.map((t) => trustStackName(t.config)).sort());
  });

  test('no type is both priced and free, and every free type says why', () => {
    expect(Object.keys(FREE_TYPES).filter((t) => t in PRICED_TYPES)).toEqual([]);
    for (const why of Object.values(FREE_TYPES)) expect(why.length).toBeGreaterThan(10);
  });

  test.each(trusts.map((t) => [trustStackName(t.config), t] as const))('%s: every type is known and every resource is priced', (_name, t) => {
    const stack = stackOf(t);
    const types = new Set(Object.values(stack.template.Resources ?? {}).map((r) => r.Type));
    const unknown = [...types].filter((t) => !(t in PRICED_TYPES) && !(t in FREE_TYPES));
    expect(unknown).toEqual([]);
    const estimate = estimateStack(stack, defaultAssumptions(), prices);
    expect(estimate.unpriced).toEqual([]);
    expect(estimate.total.month12).toBeGreaterThan(0);
  });

  test('the SIEM forwarder is priced as its own building block', () => {
    const splunk = stackOf(trusts.find((t) => t.config.odsCode === 'RSP')!);
    const blocks = estimateStack(splunk, defaultAssumptions(), prices).blocks.map((b) => b.block);
    expect(blocks).toContain('Siem');
  });
});
