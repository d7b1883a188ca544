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
