import { allocate, preferenceOrder, type Allocation, type WarehouseStock } from '../inventory/index.ts';
import type { OrderAddress } from './order.entity.ts';
import type { VerifiedLine } from './order-verification.ts';
import type { IntakeSnapshot } from './intake.read.ts';
import { insufficientStock } from './intake.write.ts';
import { AppError } from '../shared/errors.ts';
import type { PlaceOrderInput } from './intake.types.ts';

/** Where one product's units of the order come from: reserved at a warehouse, or backordered there. */
export interface LineAllocation extends Allocation {
  backordered: number;
  /** The product allows backorders: `place_order` reserves what is free when it locks the row. */
  backorderable: boolean;
  /** False for a booked service: its units are the booking's time, no stock is reserved. */
  stocked: boolean;
}

const backorderable = (line: VerifiedLine) => line.product.allowBackorder === true;

/**
 * Which warehouse ships what (`inventory/allocation.ts`), sorted by product then warehouse. A
 * product that allows backorders reserves what the warehouses have and backorders the rest at
 * the warehouse already serving it (else the preferred one). When the warehouses together are
 * short of any other product, the order is refused here, before any write.
 */
export function allocateOrFail(all: VerifiedLine[], snapshot: IntakeSnapshot, address: OrderAddress | undefined, booking: PlaceOrderInput['booking']): LineAllocation[] {
  const booked = all.filter((line) => line.product.booked);
  if (booked.length > 0 && !booking) {
    const skus = booked.map((line) => line.product.sku);
    throw new AppError('booking_required', `${skus.join(', ')} ${skus.length > 1 ? 'are' : 'is'} booked for a time (POST /bookings, /book in chat), not ordered`, { skus });
  }
  const verified = all.filter((line) => !line.product.booked);
  const warehouses: WarehouseStock[] = snapshot.warehouses.map((warehouse) => ({
    id: warehouse.id, code: warehouse.code, isDefault: warehouse.isDefault,
    location: warehouse.latitude !== null && warehouse.longitude !== null ? { latitude: warehouse.latitude, longitude: warehouse.longitude } : null,
    available: new Map(snapshot.stock.filter((row) => row.warehouseId === warehouse.id).map((row) => [row.productId, row.available])),
  }));
  const destination = address?.latitude !== undefined && address.longitude !== undefined ? { latitude: address.latitude, longitude: address.longitude } : null;
  const everywhere = (productId: number) => snapshot.stock.filter((row) => row.productId === productId).reduce((sum, row) => sum + Math.max(0, row.available), 0);
  const reservable = (line: VerifiedLine) => (backorderable(line) ? Math.min(line.quantity, everywhere(line.product.id)) : line.quantity);
  const requested = verified.map((line) => ({ productId: line.product.id, quantity: reservable(line) })).filter((line) => line.quantity > 0);
  const allocations = allocate(requested, warehouses, destination);
  const [preferred] = preferenceOrder(warehouses, destination);
  const short = (line: VerifiedLine) => !backorderable(line) || !preferred;
  if (!allocations || (!preferred && verified.some((line) => reservable(line) < line.quantity))) {
    throw insufficientStock(verified
      .filter((line) => everywhere(line.product.id) < line.quantity && short(line))
      .map((line) => ({ sku: line.product.sku, productId: line.product.id, requested: line.quantity, available: everywhere(line.product.id) })));
  }
  const result: LineAllocation[] = allocations.map((allocation) => ({
    ...allocation, backordered: 0, backorderable: backorderable(verified.find((line) => line.product.id === allocation.productId)!), stocked: true,
  }));
  for (const line of verified.filter(backorderable)) {
    const rest = line.quantity - reservable(line);
    if (rest === 0) continue;
    const serving = result.find((allocation) => allocation.productId === line.product.id);
    if (serving) serving.backordered += rest;
    else result.push({ warehouseId: preferred!.id, productId: line.product.id, quantity: 0, backordered: rest, backorderable: true, stocked: true });
  }
  // The booking holds a booked service's unit: counted as reserved on its line, no stock behind it.
  const at = booking?.warehouseId ?? preferred?.id ?? snapshot.warehouses[0]?.id;
  if (booked.length > 0 && at === undefined) throw new AppError('rule_violation', 'No warehouse is set up to take orders', {});
  for (const line of booked) result.push({ warehouseId: at!, productId: line.product.id, quantity: line.quantity, backordered: 0, backorderable: false, stocked: false });
  return result.sort((a, b) => a.productId - b.productId || a.warehouseId - b.warehouseId);
}
