import { AppError } from '../shared/errors.ts';
import { hashRequest, keyInProgress, keyReused, type IdempotencyKey } from '../shared/idempotency.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import { isSelfServe, mergeLines, verifyLines } from './order-verification.ts';
import { linesFingerprint } from './pricing.ts';
import type { OrderView } from './order.view.ts';
import { readIntake, type IntakeSnapshot } from './intake.read.ts';
import { writeOrder } from './intake.write.ts';
import { checkMember, cutToStock, productsForBuyer } from './account-intake.ts';
import { allocateOrFail } from './intake.allocation.ts';
import { decide } from './intake.decide.ts';
import type { OrderSettings, PlaceOrderInput, PlaceOrderResult } from './intake.types.ts';
import { localDate, startOfLocalDay } from '../shared/calendar.ts';
import { planMadeToOrder } from './made-to-order.ts';

export type { OrderSettings, PlaceOrderInput, PlaceOrderResult } from './intake.types.ts';

/**
 * Places an order in two round trips and never holds a stock row across one: one statement
 * reads everything the order needs, the decisions (checks, allocation, prices, approval,
 * duplicate flag) are made here without I/O, and one statement (`place_order`) writes it all,
 * reserving stock in a fixed row order inside the database. A shortfall the read already shows
 * is refused with no write at all. With an idempotency key, a retry returns the first
 * response byte for byte and reserves nothing. An order with made-to-order lines is written in
 * one transaction with the production orders for what stock does not cover.
 */
export async function placeOrder(uow: UnitOfWork, settings: OrderSettings, input: PlaceOrderInput, idempotency?: IdempotencyKey): Promise<PlaceOrderResult> {
  const { actor, frozenPrices, ...request } = input;
  const requestHash = hashRequest({ ...request, frozenPrices: frozenPrices ? Object.fromEntries(frozenPrices) : undefined });
  const now = settings.clock.now();
  const merged = mergeLines(input.lines);
  const fingerprint = linesFingerprint(merged, input.customerPoRef);
  return uow.atomic(async () => {
    const snapshot = await readIntake(uow, {
      skus: merged.map((line) => line.sku), identity: input.identity, idempotency: idempotency ?? null, fingerprint,
      duplicatesSince: new Date(now.getTime() - settings.policy.duplicateWindowMinutes * 60_000),
      apiKeyId: actor.apiKeyId ?? (actor.type === 'api_key' ? Number(actor.id) : null), customerId: input.customerId ?? null, now,
      monthStart: startOfLocalDay(`${localDate(now, settings.timeZone).slice(0, 8)}01`, settings.timeZone),
    });
    if (snapshot.apiKeyActive === false) throw new AppError('unauthenticated', 'The API key is not valid or was revoked');
    if (idempotency && snapshot.stored) return replay(snapshot.stored, requestHash);
    // A price that changed since the buyer saw it is refused (`price_mismatch`, nothing written),
    // in the chat too: its checkout shows the new total and asks to confirm again.
    checkMember(snapshot.account);
    const products = productsForBuyer(snapshot, merged, now, input.frozenPrices);
    const { lines, cut } = cutToStock(snapshot.account, merged, products, snapshot.stock);
    const verified = verifyLines(lines, products, input.shippingAddress, settings.policy, isSelfServe(input.channel) && !snapshot.customerVerified && !snapshot.account);
    const allocations = allocateOrFail(verified, snapshot, input.shippingAddress, input.booking);
    const payload = decide(settings, input, verified, allocations, { ...snapshot, cut }, now, idempotency ? { ...idempotency, hash: requestHash } : null, fingerprint);
    // A made-to-order line's production order is created in the order's own transaction (a replay creates none).
    const written = verified.some((line) => line.product.madeToOrder)
      ? await uow.write(async (tx) => {
        const stored = await writeOrder(uow, payload);
        if (!stored.replayed) await planMadeToOrder(tx, (JSON.parse(stored.response) as OrderView).number, now, settings.timeZone);
        return stored;
      })
      : await writeOrder(uow, payload);
    return { order: JSON.parse(written.response) as OrderView, replayed: written.replayed };
  });
}

/** An earlier request with the same key: its response, unless the request differed or is still running. */
function replay(stored: NonNullable<IntakeSnapshot['stored']>, requestHash: string): PlaceOrderResult {
  if (stored.hash !== requestHash) throw keyReused();
  if (stored.response === null) throw keyInProgress();
  return { order: JSON.parse(stored.response) as OrderView, replayed: true };
}
