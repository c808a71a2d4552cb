import { ASSUMPTIONS, type Assumptions } from './assumptions';
import type { StackEstimate } from './estimate';
import { priceTableAgeDays, type PriceTable } from './prices';

/** The estimate as text (a table per stack) and as one JSON document. */

/** What every rendering says about itself: that it is an estimate, what it leaves out, and the price table's age. */
export function disclaimer(prices: PriceTable, today: Date): string[] {
  const entries = Object.values(prices.prices);
  const exact = entries.filter((e) => e.status === 'exact').length;
  const unconfirmed = entries.filter((e) => e.status === 'approximate' && !e.confirmed).length;
  return [
    'ESTIMATE ONLY: AWS list prices in USD before VAT, support plans, discounts and free tiers (free tiers are per account and shared, so none is deducted); data transfer out to the internet is not estimated.',
    `Price table: ${prices.region}, read ${prices.readOn} (${priceTableAgeDays(prices, today)} days old); ${exact} of ${entries.length} prices exact for London, ${entries.length - exact} approximate (US East x ${prices.regionalFactor.value} unless the entry says otherwise), ${unconfirmed} of those not confirmed in a source (see lib/cost/prices.${prices.region}.json).`,
    `Fixed: charged whatever the usage (${prices.hoursPerMonth} hours a month). Usage: depends on the assumptions listed below. Month 12 and steady state differ where storage grows until its retention ends.`,
  ];
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/** Renders estimates as a text report. */
export function renderText(estimates: readonly StackEstimate[], assumptions: Assumptions, prices: PriceTable, today: Date, detail = false): string {
  const out: string[] = ['Rootstock monthly cost estimate', ...disclaimer(prices, today), ''];
  for (const e of estimates) {
    out.push(`${e.stackName} (${e.region ?? `region not given: priced as ${prices.region}`})`);
    if (e.region && e.region !== prices.region) out.push(`  WARNING: this stack deploys to ${e.region}, but the prices are for ${prices.region}.`);
    const rows = [['Building block', 'Fixed/month', 'Usage (month 12)', 'Month 12', 'Steady state'], ...e.blocks.map((b) => [b.block, usd(b.fixed), usd(b.usageMonth12), usd(b.month12), usd(b.steadyState)])];
    rows.push(['Total', usd(e.total.fixed), usd(e.total.usageMonth12), usd(e.total.month12), usd(e.total.steadyState)]);
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    rows.forEach((r, n) => {
      if (n === rows.length - 1) out.push(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
      out.push(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
    });
    out.push('  Biggest cost drivers (steady state):');
    e.drivers.slice(0, 3).forEach((d, i) => out.push(`    ${i + 1}. ${d.block}: ${d.item} (${d.resources} resource${d.resources === 1 ? '' : 's'}) ${usd(d.steadyState)}/month`));
    if (e.unpriced.length) {
      out.push(`  NOT PRICED (the total is incomplete): ${e.unpriced.map((u) => `${u.logicalId} (${u.resourceType}: ${u.reason})`).join('; ')}`);
    }
    if (detail) {
      for (const b of e.blocks) {
        out.push(`  ${b.block}`);
        for (const l of b.lines) {
          out.push(`    ${l.logicalId} ${l.item}: ${+l.quantityMonth12.toPrecision(6)} x ${usd(l.unitPrice).replace(/\.00$/, '')}${l.unitPrice < 0.01 ? ` (${l.unitPrice})` : ''} per ${l.unit} = ${usd(l.month12)}${l.steadyState !== l.month12 ? `; steady ${usd(l.steadyState)}` : ''} [${l.kind}]`);
        }
      }
    }
    out.push('');
  }
  if (estimates.length > 1) {
    const m12 = estimates.reduce((a, e) => a + e.total.month12, 0);
    const steady = estimates.reduce((a, e) => a + e.total.steadyState, 0);
    out.push(`All ${estimates.length} stacks: ${usd(m12)} in month 12, ${usd(steady)}/month at steady state.`, '');
  }
  out.push('Usage assumptions (override with --assume key=value or --assumptions <file>):');
  for (const a of ASSUMPTIONS) out.push(`  ${a.key} = ${assumptions[a.key]} ${a.unit}${assumptions[a.key] !== a.value ? ` (default ${a.value})` : ''}: ${a.description}`);
  return `${out.join('\n')}\n`;
}

/** The estimate as one JSON document. */
export function renderJson(estimates: readonly StackEstimate[], assumptions: Assumptions, prices: PriceTable, today: Date): string {
  const doc = {
    estimate: true,
    disclaimer: disclaimer(prices, today),
    currency: prices.currency,
    priceTable: { region: prices.region, readOn: prices.readOn, ageDays: priceTableAgeDays(prices, today), regionalFactor: prices.regionalFactor.value },
    assumptions: ASSUMPTIONS.map((a) => ({ key: a.key, value: assumptions[a.key], default: a.value, unit: a.unit, description: a.description })),
    stacks: estimates.map((e) => ({ ...e, drivers: e.drivers.slice(0, 3) })),
    total: { month12: estimates.reduce((a, e) => a + e.total.month12, 0), steadyState: estimates.reduce((a, e) => a + e.total.steadyState, 0) },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
