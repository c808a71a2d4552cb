import { z } from 'zod';
import priceTableJson from './prices.eu-west-2.json';

/**
 * The vendored price table `rootstock cost` prices from: London (eu-west-2) list prices in USD,
 * one entry per meter, each naming its unit, the AWS pricing page it belongs to, how and when it
 * was read, and whether it is exact (the London price-list line) or approximate (a US East
 * price times a stated regional factor).
 */

const ExactPrice = z.strictObject({
  unit: z.string().min(1),
  usd: z.number().nonnegative(),
  status: z.literal('exact'),
  source: z.url(),
  basis: z.string().min(1),
  readOn: z.iso.date(),
  note: z.string().optional(),
});

const ApproximatePrice = z.strictObject({
  unit: z.string().min(1),
  usd: z.number().nonnegative(),
  status: z.literal('approximate'),
  usEast1Usd: z.number().nonnegative(),
  factor: z.number().positive(),
  factorWhy: z.string().min(1),
  source: z.url(),
  basis: z.string().min(1),
  confirmed: z.boolean(),
  readOn: z.iso.date(),
  note: z.string().optional(),
});

/** One meter's price: exact (read for London) or approximate (US East times a factor). */
export const PriceEntrySchema = z.discriminatedUnion('status', [ExactPrice, ApproximatePrice]);

/** The whole vendored table. */
export const PriceTableSchema = z.strictObject({
  $comment: z.string(),
  region: z.string().min(1),
  currency: z.literal('USD'),
  readOn: z.iso.date(),
  hoursPerMonth: z.number().positive(),
  regionalFactor: z.strictObject({ value: z.number().positive(), why: z.string().min(1) }),
  prices: z.record(z.string(), PriceEntrySchema),
});

/** One meter's price as vendored. */
export type PriceEntry = z.infer<typeof PriceEntrySchema>;

/** The vendored price table. */
export type PriceTable = z.infer<typeof PriceTableSchema>;

/** The price table shipped with Rootstock (validated when first read). */
export function loadPriceTable(): PriceTable {
  return PriceTableSchema.parse(priceTableJson);
}

/** A price table's age in whole days on `today`. */
export function priceTableAgeDays(table: Pick<PriceTable, 'readOn'>, today: Date): number {
  const read = Date.parse(`${table.readOn}T00:00:00Z`);
  const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.max(0, Math.round((day - read) / 86_400_000));
}

/** Reads one price, failing loudly on an id the table does not have (a pricing rule naming a missing meter is a bug). */
export function price(table: PriceTable, id: string): PriceEntry {
  const entry = table.prices[id];
  if (!entry) throw new Error(`price table ${table.region} has no entry '${id}'`);
  return entry;
}
