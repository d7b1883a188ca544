import { explode, type BomFacts } from './bom-explosion.ts';

/** A released MO's component as the report arithmetic sees it. */
export interface ComponentState {
  productId: number;
  sku: string;
  required: number;
  reserved: number;
  consumed: number;
}

/** What one report takes of one component: `fromReserved` of it was held for the MO, the rest comes from free stock. */
export interface Consumption {
  productId: number;
  sku: string;
  quantity: number;
  fromReserved: number;
}

/** The snapshot taken at release, as the explosion reads it. */
export function snapshotMap(snapshot: readonly BomFacts[]): Map<number, BomFacts> {
  return new Map(snapshot.map((bom) => [bom.productId, bom]));
}

/**
 * Strict consumption: after this report `made` units (good + scrapped, cumulative) have been
 * produced, so each component's consumption so far must be exactly what `made` needs by the
 * snapshot; the report takes the difference. 6 then 4 of a batch-4 BOM using 1,000 g at 5 %
 * consume 1,575 g then 1,050 g: 2,625 g in all, the requirement for 10, with no rounding drift.
 */
export function strictConsumption(productId: number, snapshot: readonly BomFacts[], made: number, components: readonly ComponentState[]): Consumption[] {
  const needs = explode(productId, made, snapshotMap(snapshot), 'order');
  return components.map((component) => {
    const quantity = Math.max(0, (needs.get(component.productId) ?? 0) - component.consumed);
    return { productId: component.productId, sku: component.sku, quantity, fromReserved: Math.min(quantity, component.reserved) };
  });
}

/**
 * Flexible consumption: the quantities staff say were used (components not named use none);
 * anything above what is still reserved for the MO must come from free stock.
 */
export function flexibleConsumption(actual: ReadonlyMap<string, number>, components: readonly ComponentState[]): Consumption[] {
  return components.map((component) => {
    const quantity = actual.get(component.sku) ?? 0;
    return { productId: component.productId, sku: component.sku, quantity, fromReserved: Math.min(quantity, component.reserved) };
  });
}
