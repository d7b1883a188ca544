import { notePublished } from '../shared/outbox.ts';
import type { PreparedStatement, UnitOfWork } from '../shared/unit-of-work.ts';
import { AppError } from '../shared/errors.ts';
import { keyInProgress, keyReused } from '../shared/idempotency.ts';
import type { Actor } from '../shared/actor.ts';
import type { OrderAddress, OrderContact } from './order.entity.ts';
import type { OrderStatus } from './order-state.ts';
import type { AccountTerms } from './account-intake.ts';

/** Everything `place_order` writes, decided by the caller (migration `fast_intake`). */
export interface PlaceOrderPayload {
  idempotency: { scope: string; key: string; hash: string } | null;
  /** The customer, when the read found them; else they are created from identity and contact. */
  customerId: number | null;
  identity: { channel: string; externalId: string };
  contact: OrderContact & { locale?: string | undefined };
  /** `SO-<business date>-`: the sequence number is appended in the database. */
  numberPrefix: string;
  actor: { type: Actor['type']; id: string | null };
  order: {
    status: OrderStatus; channel: string; subtotal_minor: number; shipping_minor: number; total_minor: number; currency: string;
    shipping_address: OrderAddress | null; contact: OrderContact; payment_method: string; notes: string | null; flags: string[];
    approval_reasons: string[]; lines_fingerprint: string; placed_at: string; promised_at: string | null;
  } & Partial<AccountTerms['order']>;
  /** An account on credit terms: `place_order` raises its exposure if the total fits, else holds the order. */
  credit: AccountTerms['credit'];
  /**
   * One line per product and warehouse, sorted so (the order stock rows are locked in): its
   * `reserved` units are reserved, the rest backordered. A `backorderable` line's split is
   * decided again in the database against the locked row.
   */
  lines: Array<{
    product_id: number; warehouse_id: number; sku: string; name: string; quantity: number; unit_price_minor: number; line_total_minor: number;
    reserved: number; backordered: number; backorderable: boolean;
    /** False: a booked service, whose unit the booking holds (no stock reserved). */
    stocked: boolean;
  }>;
  /** The audit entry's `after`. */
  audit: Record<string, unknown>;
  /** `order.placed` or `order.approval_requested`, and its payload (number and customer are added). */
  topic: string;
  event: Record<string, unknown>;
  /** A delivery address to remember for the customer. */
  address: OrderAddress | null;
  /** The response as JSON text (the database fills in `number` and each line's reserved and backordered units). */
  response: string;
}

const placeOrderCall: PreparedStatement = { name: 'place_order_v1', text: 'select place_order($1::jsonb) as result' };

/** One line that could not be reserved, as `place_order` reports it. */
interface ShortLine {
  sku: string;
  productId: number;
  requested: number;
  available: number;
}

/** The 409 for lines that are short: what was asked and what is free now, per product. */
export function insufficientStock(lines: ShortLine[]): AppError {
  const byProduct = new Map<number, ShortLine>();
  for (const line of lines) {
    const seen = byProduct.get(line.productId);
    byProduct.set(line.productId, seen ? { ...seen, requested: seen.requested + line.requested } : line);
  }
  const details = [...byProduct.values()].map((line) => ({ sku: line.sku, requested: line.requested, available: Math.max(0, line.available) }));
  return new AppError('insufficient_stock', `Not enough stock for ${details.map((line) => line.sku).join(', ')}`, { lines: details });
}

/** A refusal raised by `place_order`, as the AppError clients understand; anything else unchanged. */
function refusalOf(error: unknown): unknown {
  const { code, message, detail } = error as { code?: string; message?: string; detail?: string };
  if (code === 'OC422') return keyReused();
  if (code !== 'OC409') return error;
  if (message === 'insufficient_stock') return insufficientStock(JSON.parse(detail ?? '[]') as ShortLine[]);
  return keyInProgress();
}

/** Writes the order in one statement; returns the stored response text and whether it was a replay. */
export async function writeOrder(uow: UnitOfWork, payload: PlaceOrderPayload): Promise<{ replayed: boolean; response: string }> {
  try {
    const [row] = await uow.query<{ result: { replayed: boolean; response: string } }>(placeOrderCall, [JSON.stringify(payload)]);
    // place_order writes the order's outbox rows itself.
    if (!row!.result.replayed) notePublished();
    return row!.result;
  } catch (error) {
    throw refusalOf(error);
  }
}
