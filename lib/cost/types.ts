import type { Assumptions } from './assumptions';
import type { CfnResource } from './assembly';
import type { PriceTable } from './prices';

/** One priced meter of one resource: quantity times unit price, for month 12 and at steady state. */
export interface CostLine {
  /** The building block the resource belongs to (top-level construct id: Keys, Network, Fhir, ...). */
  readonly block: string;
  /** The resource's logical id. */
  readonly logicalId: string;
  /** The resource's CloudFormation type. */
  readonly resourceType: string;
  /** What is charged, in words. */
  readonly item: string;
  /** The price table entry used. */
  readonly priceId: string;
  /** Price per unit (USD). */
  readonly unitPrice: number;
  /** The unit of the quantity (the price entry's unit). */
  readonly unit: string;
  /** Units billed in month 12. */
  readonly quantityMonth12: number;
  /** Units billed per month once storage that grows has reached its retention limit. */
  readonly quantitySteady: number;
  /** USD in month 12. */
  readonly month12: number;
  /** USD per month at steady state. */
  readonly steadyState: number;
  /** fixed: charged whatever the usage; usage: depends on the assumptions named. */
  readonly kind: 'fixed' | 'usage';
  /** The assumption keys the quantity depends on (empty for fixed lines). */
  readonly assumptions: readonly string[];
}

/** A resource type that costs nothing by itself, and why. */
export interface FreeResource {
  readonly free: string;
}

/** What a pricing rule gets: the resource, the whole template (for references), assumptions and prices. */
export interface PricingContext {
  readonly logicalId: string;
  readonly resource: CfnResource;
  /** The construct path below the stack (`Network/Vpc/NATGateway`), empty when the template has none. */
  readonly path: string;
  readonly resources: Readonly<Record<string, CfnResource>>;
  readonly assumptions: Assumptions;
  readonly prices: PriceTable;
}

/** A quantity to price: the meter, what it is, and units in month 12 and at steady state. */
export interface Meter {
  readonly priceId: string;
  readonly item: string;
  readonly month12: number;
  /** @default - the same as month12 */
  readonly steady?: number;
  /** Assumption keys the quantity depends on; none makes the line fixed. */
  readonly assumptions?: readonly string[];
}

/** Prices one resource type: the meters it bills. */
export type PricingRule = (ctx: PricingContext) => Meter[];
