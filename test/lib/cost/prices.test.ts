import { loadPriceTable, priceTableAgeDays, PriceTableSchema } from '../../../lib/cost/prices';
import priceJson from '../../../lib/cost/prices.eu-west-2.json';

describe('the vendored London price table', () => {
  const table = loadPriceTable();
  const entries = Object.entries(table.prices);

  test('is London, in USD, and read no later than today', () => {
    expect(table.region).toBe('eu-west-2');
    expect(table.currency).toBe('USD');
    expect(Date.parse(table.readOn)).toBeLessThanOrEqual(Date.now());
  });

  test('every entry names an AWS pricing page, a basis and the date it was read', () => {
    for (const [, e] of entries) {
      expect(e.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9-]+(\/[a-z0-9-]+)?\/pricing\/$/);
      expect(e.basis.length).toBeGreaterThan(20);
      expect(e.readOn).toBe(table.readOn);
    }
  });

  test('every approximate price is its US East price times its stated factor', () => {
    const approximate = entries.filter(([, e]) => e.status === 'approximate');
    expect(approximate.length).toBeGreaterThan(0);
    for (const [id, e] of approximate) {
      if (e.status !== 'approximate') continue;
      expect({ id, usd: +e.usd.toPrecision(8) }).toEqual({ id, usd: +(e.usEast1Usd * e.factor).toPrecision(8) });
      expect(e.factor === 1 || e.factor === table.regionalFactor.value).toBe(true);
    }
  });

  test('a table with an entry missing its source is refused', () => {
    const broken = JSON.parse(JSON.stringify(priceJson));
    delete broken.prices['nat.hour'].source;
    expect(PriceTableSchema.safeParse(broken).success).toBe(false);
  });

  test('its age is counted in whole days from the date it was read', () => {
    expect(priceTableAgeDays({ readOn: '2026-11-28' }, new Date('2026-11-28T23:00:00Z'))).toBe(0);
    expect(priceTableAgeDays({ readOn: '2026-11-28' }, new Date('2027-01-07T08:00:00Z'))).toBe(40);
  });
});
