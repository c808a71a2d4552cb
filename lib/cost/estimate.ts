import type { Assumptions } from './assumptions';
import type { CostStack } from './assembly';
import { price, type PriceTable } from './prices';
import { blockOf, constructPath } from './references';
import { FREE_TYPES, PRICED_TYPES } from './rules';
import type { CostLine, PricingContext } from './types';

/** One building block's cost: its lines and totals. */
export interface BlockEstimate {
  readonly block: string;
  readonly lines: readonly CostLine[];
  /** USD per month charged whatever the usage. */
  readonly fixed: number;
  /** USD in month 12 that depends on usage assumptions. */
  readonly usageMonth12: number;
  readonly month12: number;
  readonly steadyState: number;
}

/** A resource the estimate could not price, and why. */
export interface UnpricedResource {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly block: string;
  readonly reason: string;
}

/** A cost driver: one meter of one building block, summed over its resources. */
export interface CostDriver {
  readonly block: string;
  readonly priceId: string;
  /** What is billed: the price entry's unit. */
  readonly item: string;
  readonly resources: number;
  readonly month12: number;
  readonly steadyState: number;
}

/** A stack's estimate: per block, totals, drivers, and anything left unpriced. */
export interface StackEstimate {
  readonly stackName: string;
  readonly region?: string;
  readonly blocks: readonly BlockEstimate[];
  readonly total: { readonly fixed: number; readonly usageMonth12: number; readonly month12: number; readonly steadyState: number };
  readonly drivers: readonly CostDriver[];
  readonly unpriced: readonly UnpricedResource[];
  /** Resources priced at nothing, by type, with the reason. */
  readonly free: Readonly<Record<string, { readonly count: number; readonly why: string }>>;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Prices every resource of one stack. */
export function estimateStack(stack: CostStack, assumptions: Assumptions, prices: PriceTable): StackEstimate {
  const resources = stack.template.Resources ?? {};
  const lines: CostLine[] = [];
  const unpriced: UnpricedResource[] = [];
  const free: Record<string, { count: number; why: string }> = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    const path = constructPath(resource.Metadata);
    const block = blockOf(path);
    const rule = PRICED_TYPES[resource.Type];
    if (!rule) {
      const why = FREE_TYPES[resource.Type];
      if (why) free[resource.Type] = { count: (free[resource.Type]?.count ?? 0) + 1, why };
      else unpriced.push({ logicalId, resourceType: resource.Type, block, reason: 'no price entry and not marked free' });
      continue;
    }
    const ctx: PricingContext = { logicalId, resource, path, resources, assumptions, prices };
    let meters;
    try {
      meters = rule(ctx);
    } catch (e) {
      unpriced.push({ logicalId, resourceType: resource.Type, block, reason: (e as Error).message });
      continue;
    }
    for (const m of meters) {
      const entry = price(prices, m.priceId);
      const steadyQty = m.steady ?? m.month12;
      lines.push({
        block,
        logicalId,
        resourceType: resource.Type,
        item: m.item,
        priceId: m.priceId,
        unitPrice: entry.usd,
        unit: entry.unit,
        quantityMonth12: m.month12,
        quantitySteady: steadyQty,
        month12: m.month12 * entry.usd,
        steadyState: steadyQty * entry.usd,
        kind: m.assumptions && m.assumptions.length > 0 ? 'usage' : 'fixed',
        assumptions: [...new Set(m.assumptions ?? [])],
      });
    }
  }
  const blockNames = [...new Set(lines.map((l) => l.block))];
  const blocks = blockNames
    .map((block): BlockEstimate => {
      const own = lines.filter((l) => l.block === block);
      const fixed = sum(own.filter((l) => l.kind === 'fixed').map((l) => l.month12));
      const usageMonth12 = sum(own.filter((l) => l.kind === 'usage').map((l) => l.month12));
      return { block, lines: own, fixed, usageMonth12, month12: fixed + usageMonth12, steadyState: sum(own.map((l) => l.steadyState)) };
    })
    .sort((a, b) => b.steadyState - a.steadyState || a.block.localeCompare(b.block));
  const total = {
    fixed: sum(blocks.map((b) => b.fixed)),
    usageMonth12: sum(blocks.map((b) => b.usageMonth12)),
    month12: sum(blocks.map((b) => b.month12)),
    steadyState: sum(blocks.map((b) => b.steadyState)),
  };
  return { stackName: stack.stackName, region: stack.region, blocks, total, drivers: costDrivers(lines), unpriced, free };
}

/** Meters summed per building block, biggest at steady state first. */
export function costDrivers(lines: readonly CostLine[]): CostDriver[] {
  const byKey = new Map<string, CostDriver & { ids: Set<string> }>();
  for (const l of lines) {
    const key = `${l.block}|${l.priceId}`;
    const d = byKey.get(key) ?? { block: l.block, priceId: l.priceId, item: l.unit, resources: 0, month12: 0, steadyState: 0, ids: new Set<string>() };
    d.ids.add(l.logicalId);
    byKey.set(key, { ...d, resources: d.ids.size, month12: d.month12 + l.month12, steadyState: d.steadyState + l.steadyState });
  }
  return [...byKey.values()]
    .map(({ ids: _ids, ...d }) => d)
    .sort((a, b) => b.steadyState - a.steadyState || a.block.localeCompare(b.block));
}
