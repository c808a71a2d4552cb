import { defaultAssumptions, resolveAssumptions } from '../../../lib/cost/assumptions';
import { estimateStack, type StackEstimate } from '../../../lib/cost/estimate';
import { loadPriceTable } from '../../../lib/cost/prices';
import { SMALL_STACK_TEMPLATE } from './small-stack';

const prices = loadPriceTable();
const stack = { stackName: 'Small', region: 'eu-west-2', template: SMALL_STACK_TEMPLATE };
const line = (e: StackEstimate, logicalId: string, priceId: string) => {
  const found = e.blocks.flatMap((b) => b.lines).filter((l) => l.logicalId === logicalId && l.priceId === priceId);
  expect(found).toHaveLength(1);
  return found[0];
};
const block = (e: StackEstimate, name: string) => e.blocks.find((b) => b.block === name)!;

/*
 * Expected figures, by hand, at the default assumptions (730 hours a month; 1 month = 365.25/12 = 30.4375 days).
 *
 * Network (fixed 64.24, usage 1.02):
 *   NAT gateway     730 h x $0.05                        = 36.50 fixed
 *   NAT data        20 GB (network.natGbPerMonth) x $0.05  =  1.00 usage
 *   public IPv4     730 h x $0.005                       =  3.65 fixed
 *   kms endpoint    730 h x 3 AZs x $0.011               = 24.09 fixed
 *   endpoint data   2 GB x $0.01                         =  0.02 usage
 *   S3 gateway endpoint                                  =  0
 * Keys: key $1.00 fixed; requests 50,000 / 10,000 x $0.03 = 0.15; rotation: none by day 365, two versions
 *   (the charged maximum) at steady state: 2 x $1 = 2.00 -> month 12 1.15, steady 3.15.
 * SecurityAlarms: one standard alarm $0.10 fixed.
 * Identity: secret $0.40 fixed; 10,000 calls / 10,000 x $0.05 = 0.05.
 * Logs bucket (1 GB/month, expires after 730 days = 23.9836 months, 10,000 PUTs):
 *   PUT 10 x $0.0053 = 0.053; Standard month 12: 12 GB x $0.024 = 0.288; steady 23.9836 GB x $0.024 = 0.575606.
 * AuditArchive (10 GB/month, 50,000 objects = 209.7 KB average, locked 2922 days = 96 months):
 *   Standard for 90 d = 2.95688 months: 29.5688 GB x $0.024           = 0.709651 (both)
 *   Glacier IR from 2.95688 to 365 d = 11.99179 months: 90.3491 GB x $0.00444 = 0.401150 (both)
 *   Deep Archive month 12: 12 - 11.99179 = 0.00821 months: 0.0821 GB x $0.0010989 = 0.0000903
 *   Deep Archive steady: 96 - 11.99179 = 84.0082 months: 840.082 GB x $0.0010989 = 0.923166
 *   PUT 50 x $0.0053 = 0.265; transitions 50 x $0.0222 = 1.11 (GIR) + 50 x $0.0555 = 2.775 (DA), both by month 12.
 *   -> month 12 = 0.265 + 0.709651 + 0.401150 + 0.0000903 + 1.11 + 2.775 = 5.260891; steady = 6.183967
 * Fhir (function Fhir/Proxy: fhir.requestsPerMonth 1,000,000 at fhir.proxyMs 300 ms, 512 MB arm64):
 *   requests 1 x $0.20 = 0.20; compute 1e6 x 0.3 s x 0.5 GB = 150,000 GB-s x $0.0000133334 = 2.00001
 *   its log group: 1e6 x 1 KB = 0.953674 GB x $0.5985 = 0.570774; stored 15%: month 12 0.953674 x 0.15 x 12 x $0.0315
 *   = 0.054073; steady (400 d = 13.1417 months) 0.059218
 *   -> month 12 2.824857, steady 2.830002
 * Total fixed = 36.50 + 3.65 + 24.09 + 1.00 + 0.10 + 0.40 = 65.74
 * Total month 12 = 65.74 + 1.02 + 0.15 + 0.05 + (0.053 + 0.288) + 5.260891 + 2.824857 = 75.386748
 * Total steady  = 65.74 + 1.02 + 0.15 + 2.00 + 0.05 + (0.053 + 0.575606) + 6.183967 + 2.830002 = 78.602575
 */
describe('cost arithmetic on a hand-checked small stack', () => {
  const e = estimateStack(stack, defaultAssumptions(), prices);

  test('every resource is priced or free: the IAM role is free, nothing is left unpriced', () => {
    expect(e.unpriced).toEqual([]);
    expect(e.free['AWS::IAM::Role']).toEqual({ count: 1, why: 'IAM is free' });
  });

  test('fixed and usage lines of the network match the hand figures', () => {
    expect(line(e, 'Nat', 'nat.hour').month12).toBeCloseTo(36.5, 6);
    expect(line(e, 'Nat', 'nat.gb')).toMatchObject({ kind: 'usage', assumptions: ['network.natGbPerMonth'] });
    expect(line(e, 'Nat', 'nat.gb').month12).toBeCloseTo(1.0, 6);
    expect(line(e, 'Eip', 'ipv4.hour').month12).toBeCloseTo(3.65, 6);
    expect(line(e, 'KmsEndpoint', 'endpoint.azHour')).toMatchObject({ kind: 'fixed', quantityMonth12: 2190 });
    expect(line(e, 'KmsEndpoint', 'endpoint.azHour').month12).toBeCloseTo(24.09, 6);
    expect(e.blocks.flatMap((b) => b.lines).filter((l) => l.logicalId === 'S3Endpoint')).toEqual([]);
    expect(block(e, 'Network').fixed).toBeCloseTo(64.24, 6);
    expect(block(e, 'Network').usageMonth12).toBeCloseTo(1.02, 6);
  });

  test('a rotating key costs $1 in month 12 and $3 at steady state (two charged rotations), plus requests', () => {
    expect(block(e, 'Keys').month12).toBeCloseTo(1.15, 6);
    expect(block(e, 'Keys').steadyState).toBeCloseTo(3.15, 6);
  });

  test('the Object Lock archive grows through its lifecycle classes: month 12 and steady state by hand', () => {
    expect(line(e, 'Archive', 's3.standardGbMonth').quantitySteady).toBeCloseTo(29.5688, 3);
    expect(line(e, 'Archive', 's3.glacierIrGbMonth').quantityMonth12).toBeCloseTo(90.3491, 3);
    expect(line(e, 'Archive', 's3.deepArchiveGbMonth').quantitySteady).toBeCloseTo(840.082, 2);
    expect(block(e, 'AuditArchive').month12).toBeCloseTo(5.260891, 5);
    expect(block(e, 'AuditArchive').steadyState).toBeCloseTo(6.183967, 5);
    expect(block(e, 'Logs').month12).toBeCloseTo(0.341, 6);
    expect(block(e, 'Logs').steadyState).toBeCloseTo(0.628606, 5);
  });

  test('the function is priced at its stated request rate, memory and arm64, and its log group from what it writes', () => {
    expect(line(e, 'ProxyFn', 'lambda.gbSecondArm').quantityMonth12).toBeCloseTo(150_000, 6);
    expect(block(e, 'Fhir').month12).toBeCloseTo(2.824857, 5);
    expect(block(e, 'Fhir').steadyState).toBeCloseTo(2.830002, 5);
  });

  test('totals: fixed 65.74, month 12 75.39, steady state 78.60; biggest driver is the NAT gateway', () => {
    expect(e.total.fixed).toBeCloseTo(65.74, 6);
    expect(e.total.month12).toBeCloseTo(75.386748, 4);
    expect(e.total.steadyState).toBeCloseTo(78.602575, 4);
    expect(e.drivers.slice(0, 3).map((d) => `${d.block}:${d.priceId}`)).toEqual(['Network:nat.hour', 'Network:endpoint.azHour', 'Network:ipv4.hour']);
  });

  test('overrides change exactly the lines that depend on them', () => {
    // GIVEN 100 GB through the NAT gateways and 2,000,000 FHIR requests
    const o = estimateStack(stack, resolveAssumptions({ 'network.natGbPerMonth': 100 }, { 'fhir.requestsPerMonth': 2_000_000 }), prices);
    // THEN NAT data is 100 x $0.05 and the function doubles; fixed lines do not move
    expect(line(o, 'Nat', 'nat.gb').month12).toBeCloseTo(5.0, 6);
    expect(line(o, 'ProxyFn', 'lambda.gbSecondArm').month12).toBeCloseTo(2 * 2.00001, 6);
    expect(o.total.fixed).toBeCloseTo(e.total.fixed, 9);
    expect(line(o, 'Archive', 's3.putPer1000').month12).toBeCloseTo(line(e, 'Archive', 's3.putPer1000').month12, 9);
  });

  test('small archive objects stay in Standard: lifecycle does not transition objects under 128 KB', () => {
    // GIVEN 10 GB written as 200,000 objects (52 KB each)
    const o = estimateStack(stack, resolveAssumptions({}, { 'archive.objectsPerMonth': 200_000 }), prices);
    const archive = block(o, 'AuditArchive').lines;
    // THEN all of it is Standard storage, growing to 96 months x 10 GB, and no transition is charged
    expect(archive.map((l) => l.priceId).sort()).toEqual(['s3.putPer1000', 's3.standardGbMonth']);
    expect(line(o, 'Archive', 's3.standardGbMonth').quantitySteady).toBeCloseTo(960, 6);
    expect(line(o, 'Archive', 's3.standardGbMonth').item).toMatch(/under the 128 KB lifecycle minimum/);
  });

  test('a resource type with no price entry is reported as unpriced, not silently dropped', () => {
    const withUnknown = { ...stack, template: { Resources: { ...SMALL_STACK_TEMPLATE.Resources, Db: { Type: 'AWS::RDS::DBInstance', Properties: {} } } } };
    const o = estimateStack(withUnknown, defaultAssumptions(), prices);
    expect(o.unpriced).toEqual([{ logicalId: 'Db', resourceType: 'AWS::RDS::DBInstance', block: '(no construct path)', reason: 'no price entry and not marked free' }]);
  });
});
