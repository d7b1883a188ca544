import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { Warehouse } from './warehouse.entity.ts';

export interface WarehouseView {
  code: string;
  name: string;
  nameZh: string | null;
  isDefault: boolean;
  latitude: number | null;
  longitude: number | null;
}

const toView = (warehouse: Warehouse): WarehouseView => ({
  code: warehouse.code, name: warehouse.name, nameZh: warehouse.nameZh ?? null, isDefault: warehouse.isDefault,
  latitude: warehouse.latitude == null ? null : Number(warehouse.latitude),
  longitude: warehouse.longitude == null ? null : Number(warehouse.longitude),
});

/** A new warehouse; with coordinates it can be chosen as the nearest one for deliveries. */
export async function createWarehouse(em: EntityManager, input: { code: string; name: string; nameZh?: string | undefined; latitude?: number | undefined; longitude?: number | undefined }): Promise<WarehouseView> {
  if (await em.findOne(Warehouse, { code: input.code })) throw new AppError('already_exists', `Warehouse ${input.code} exists`, { code: input.code });
  const warehouse = em.create(Warehouse, { code: input.code, name: input.name, nameZh: input.nameZh ?? null, latitude: input.latitude ?? null, longitude: input.longitude ?? null });
  await em.flush();
  return toView(warehouse);
}

export async function listWarehouses(em: EntityManager): Promise<WarehouseView[]> {
  return (await em.find(Warehouse, {}, { orderBy: { code: 'asc' } })).map(toView);
}

/** Records where a product sits in a warehouse; pick lists are sorted by it. */
export async function setBin(em: EntityManager, input: { warehouse?: string | undefined; sku: string; bin: string }): Promise<void> {
  const warehouse = await em.findOne(Warehouse, input.warehouse ? { code: input.warehouse } : { isDefault: true });
  if (!warehouse) throw new AppError('not_found', `Unknown warehouse ${input.warehouse}`, { warehouse: input.warehouse });
  const [product] = await em.execute<Array<{ id: number }>>('select id from product where sku = ?', [input.sku]);
  if (!product) throw new AppError('unknown_product', `Unknown SKU: ${input.sku}`, { skus: [input.sku] });
  await em.execute(
    `insert into stock_level (warehouse_id, product_id, on_hand, reserved, bin, updated_at) values (?, ?, 0, 0, ?, now())
     on conflict (warehouse_id, product_id) do update set bin = excluded.bin, updated_at = now()`,
    [warehouse.id, product.id, input.bin],
    'run',
  );
}
