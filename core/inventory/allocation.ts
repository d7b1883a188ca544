/** A point on Earth (WGS84 degrees). */
export interface Coordinates {
  latitude: number;
  longitude: number;
}

/** A warehouse as the allocation policy sees it: where it is and what it can ship now. */
export interface WarehouseStock {
  id: number;
  code: string;
  isDefault: boolean;
  location: Coordinates | null;
  /** Available units (on hand − reserved) per product id. */
  available: ReadonlyMap<number, number>;
}

/** One product quantity to take from one warehouse. */
export interface Allocation {
  warehouseId: number;
  productId: number;
  quantity: number;
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: Coordinates, b: Coordinates): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Warehouses in order of preference: nearest to the destination when it and the warehouse
 * have coordinates (those without come after), else the default first; code breaks ties.
 */
export function preferenceOrder(warehouses: readonly WarehouseStock[], destination?: Coordinates | null): WarehouseStock[] {
  const distance = (warehouse: WarehouseStock) => (destination && warehouse.location ? distanceKm(destination, warehouse.location) : Number.POSITIVE_INFINITY);
  return [...warehouses].sort((a, b) => distance(a) - distance(b) || Number(b.isDefault) - Number(a.isDefault) || a.code.localeCompare(b.code));
}

/**
 * Which warehouse serves an order. Pure: the preferred warehouse that can ship every line
 * serves the whole order; only when none can does the order split, each line taken from
 * warehouses in order of preference (a line itself splits only when no single warehouse has it).
 * Returns null when all warehouses together cannot cover the order.
 */
export function allocate(lines: ReadonlyArray<{ productId: number; quantity: number }>, warehouses: readonly WarehouseStock[], destination?: Coordinates | null): Allocation[] | null {
  const preferred = preferenceOrder(warehouses, destination);
  const canShip = (warehouse: WarehouseStock, productId: number, quantity: number) => (warehouse.available.get(productId) ?? 0) >= quantity;
  const whole = preferred.find((warehouse) => lines.every((line) => canShip(warehouse, line.productId, line.quantity)));
  if (whole) return lines.map((line) => ({ warehouseId: whole.id, productId: line.productId, quantity: line.quantity }));

  const left = new Map(preferred.map((warehouse) => [warehouse.id, new Map(warehouse.available)]));
  const allocations: Allocation[] = [];
  for (const line of lines) {
    const single = preferred.find((warehouse) => (left.get(warehouse.id)!.get(line.productId) ?? 0) >= line.quantity);
    const sources = single ? [single] : preferred;
    let remaining = line.quantity;
    for (const warehouse of sources) {
      const stock = left.get(warehouse.id)!;
      const take = Math.min(remaining, stock.get(line.productId) ?? 0);
      if (take <= 0) continue;
      allocations.push({ warehouseId: warehouse.id, productId: line.productId, quantity: take });
      stock.set(line.productId, (stock.get(line.productId) ?? 0) - take);
      remaining -= take;
      if (remaining === 0) break;
    }
    if (remaining > 0) return null;
  }
  return allocations;
}
