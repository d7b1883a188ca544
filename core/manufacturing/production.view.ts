import type { EntityManager } from '@mikro-orm/postgresql';
import { ProductionComponent, type ConsumptionPolicy, type ProductionOrder, type ProductionOrigin, type ProductionStatus } from './production.entity.ts';

export interface ProductionView {
  number: string;
  sku: string;
  status: ProductionStatus;
  origin: ProductionOrigin;
  warehouse: string;
  bomVersion: number;
  quantityPlanned: number;
  quantityGood: number;
  quantityScrapped: number;
  consumptionPolicy: ConsumptionPolicy;
  /** Make-to-order: the sales order its output is reserved for. */
  orderNumber: string | null;
  dueAt: string | null;
  startBy: string | null;
  closeReason: string | null;
  components: Array<{ sku: string; required: number; reserved: number; consumed: number }>;
  version: number;
  createdAt: string;
  releasedAt: string | null;
  finishedAt: string | null;
}

export async function productionView(em: EntityManager, mo: ProductionOrder): Promise<ProductionView> {
  await em.populate(mo, ['product', 'warehouse']);
  const [order] = await em.execute<Array<{ number: string }>>(
    'select o.number from order_line_supply s join order_line ol on ol.id = s.order_line_id join "order" o on o.id = ol.order_id where s.production_order_id = ?', [mo.id],
  );
  const components = await em.find(ProductionComponent, { productionOrder: mo }, { orderBy: { sku: 'asc' } });
  return {
    number: mo.number, sku: mo.product.sku, status: mo.status, origin: mo.origin, warehouse: mo.warehouse.code, bomVersion: mo.bomVersion,
    quantityPlanned: mo.quantityPlanned, quantityGood: mo.quantityGood, quantityScrapped: mo.quantityScrapped, consumptionPolicy: mo.consumptionPolicy,
    orderNumber: order?.number ?? null, dueAt: mo.dueAt?.toISOString() ?? null, startBy: mo.startBy?.toISOString() ?? null, closeReason: mo.closeReason ?? null,
    components: components.map((component) => ({ sku: component.sku, required: component.quantityRequired, reserved: component.quantityReserved, consumed: component.quantityConsumed })),
    version: mo.version, createdAt: mo.createdAt.toISOString(), releasedAt: mo.releasedAt?.toISOString() ?? null, finishedAt: mo.finishedAt?.toISOString() ?? null,
  };
}
