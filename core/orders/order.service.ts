import type { ServiceContext } from '../shared/service-context.ts';
import { customerIdOf, jobActor, type Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import { purgeIdempotencyRecords, type IdempotencyKey } from '../shared/idempotency.ts';
import { placeOrder, type OrderSettings, type PlaceOrderInput, type PlaceOrderResult } from './place-order.ts';
import { applyStatusChange, type StatusChange } from './order-transitions.ts';
import { approvalTimeoutReason, creditHoldExpiredReason } from './order-state.ts';
import { LockMode } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { Order } from './order.entity.ts';
import { afterCreditHold, markOverdueOrders, recheckHeldOrders } from './credit-hold.ts';
import { decideBuyerApproval } from './buyer-approval.ts';
import { buyerLimitReason } from './account-intake.ts';
import { dailyFigures, getOrder, listOrders, type OrderDetail, type OrderFilter, type OrderPage } from './order.queries.ts';
import type { OrderView } from './order.view.ts';
import type { OrderAddress } from './order.entity.ts';
import type { RequestedLine } from './order-verification.ts';
import { quoteOrder, type OrderQuote } from './quote.ts';
import { readBulkLines, type BulkLines } from './bulk-entry.ts';
import type { OrderPolicy } from './pricing.ts';

/**
 * The one entry point every channel uses for orders. Each method is one unit of work (its own
 * transaction, or a savepoint of the caller's), and checks its actor: a customer reaches only
 * their own orders, staff and API keys need the permission of what they do.
 */
export interface OrderService {
  /** The order rules in force (approval threshold from the configuration). */
  readonly policy: OrderPolicy;
  placeOrder(input: PlaceOrderInput, idempotency?: IdempotencyKey): Promise<PlaceOrderResult>;
  /**
   * A bulk order from CSV text (`sku,quantity[,unit]`, up to 500 rows and 1 MiB): every bad row
   * is named (422 `invalid_rows`) and nothing is placed; otherwise one order of the merged lines.
   */
  placeBulkOrder(csv: string, input: Omit<PlaceOrderInput, 'lines'>, idempotency?: IdempotencyKey): Promise<PlaceOrderResult & { merged: BulkLines['merged'] }>;
  /** The same checks without placing: the merged lines, what was merged, and (with an address) the prices. */
  validateBulkOrder(csv: string, actor: Actor, shippingAddress?: OrderAddress, customerId?: number): Promise<{ lines: BulkLines['lines']; merged: BulkLines['merged']; quote: OrderQuote | null }>;
  changeStatus(change: StatusChange): Promise<OrderView>;
  cancelOrder(number: string, actor: Actor, reason?: string): Promise<OrderView>;
  /** An order of services alone was delivered: it completes without a parcel (its reservation is used up). */
  markFulfilled(number: string, actor: Actor): Promise<OrderView>;
  /** Approving is a manager's decision (`order.approve`), whatever the front end. */
  approveOrder(number: string, actor: Actor): Promise<OrderView>;
  rejectOrder(number: string, actor: Actor, reason: string): Promise<OrderView>;
  /**
   * An approval nobody gave within APPROVAL_TIMEOUT_HOURS: the order is rejected (reason
   * `approval_timeout`), its stock released. False when it was decided meanwhile.
   */
  expireApproval(number: string): Promise<boolean>;
  /**
   * Releases an order held over its account's credit limit (role `credit`): its total counts
   * whatever the limit (an audited override) and it goes on to approval or confirmed.
   */
  releaseCreditHold(number: string, actor: Actor): Promise<OrderView>;
  /**
   * An admin of the buyer's company approves or rejects an order over the buyer's own limit
   * (their chat). Anyone else: 403; already decided: 409 naming who did.
   */
  decideBuyerApproval(number: string, approve: boolean, actor: Actor): Promise<OrderView>;
  /** Tries an account's held orders again, oldest first (after its limit rose); returns those released. */
  recheckCreditHolds(accountId: number): Promise<string[]>;
  /** Cancels orders held longer than their account's `creditHoldDays` (stock released, customer told); returns them. */
  expireCreditHolds(): Promise<string[]>;
  /** Marks orders on terms unpaid past their due date overdue, once each (audited, buyer and staff told); returns them. */
  markOverdue(): Promise<string[]>;
  /** One order with its timeline; a customer sees only their own (others are `not_found`). */
  getOrder(number: string, actor: Actor): Promise<OrderDetail>;
  /** Newest first; a customer's list is always their own. */
  listOrders(filter: OrderFilter, actor: Actor): Promise<OrderPage>;
  /** Prices lines as `placeOrder` would for this customer (their company's prices), without reserving anything (checkout review). */
  quote(lines: RequestedLine[], shippingAddress?: OrderAddress, customerId?: number): Promise<OrderQuote>;
  /** Forgets idempotency keys older than `hours` (clients must not retry after that). */
  purgeIdempotencyRecords(hours: number): Promise<number>;
  /** Orders placed today in the business time zone, and their revenue per currency. */
  todaysFigures(): Promise<{ orders: number; revenue: Array<{ currency: string; totalMinor: number }> }>;
}

/** The company whose orders a member's key reads: all of them for its admins and viewers, none (their own only) for a buyer. */
function companyWide(actor: Actor): number | undefined {
  return actor.member && actor.member.role !== 'buyer' ? actor.member.accountId : undefined;
}

export function createOrderService({ uow, clock, config }: ServiceContext, policy: OrderPolicy): OrderService {
  const settings: OrderSettings = { policy, timeZone: config.REPORT_TIMEZONE, clock };
  const changeStatus = (change: StatusChange) => uow.write((tx) => applyStatusChange(tx, change));
  return {
    policy,
    placeOrder: async (input, idempotency) => {
      authorize(input.actor, 'order.place');
      return placeOrder(uow, settings, input, idempotency);
    },
    placeBulkOrder: async (csv, input, idempotency) => {
      authorize(input.actor, 'order.place');
      const bulk = await uow.read((em) => readBulkLines(em, csv, policy.maxQuantityPerLine));
      const placed = await placeOrder(uow, settings, { ...input, lines: bulk.lines.map(({ sku, quantity }) => ({ sku, quantity })) }, idempotency);
      return { ...placed, merged: bulk.merged };
    },
    validateBulkOrder: async (csv, actor, shippingAddress, customerId) => {
      authorize(actor, 'order.place');
      return uow.read(async (em) => {
        const bulk = await readBulkLines(em, csv, policy.maxQuantityPerLine);
        const lines = bulk.lines.map(({ sku, quantity }) => ({ sku, quantity }));
        const quote = shippingAddress ? await quoteOrder(em, lines, shippingAddress, { ...policy, selfServe: { maxQuantityPerLine: policy.maxQuantityPerLine, maxUnitsPerOrder: Number.MAX_SAFE_INTEGER } }, { customerId, now: clock.now(), timeZone: config.REPORT_TIMEZONE }) : null;
        return { lines: bulk.lines, merged: bulk.merged, quote };
      });
    },
    changeStatus,
    cancelOrder: async (number, actor, reason) => {
      // Refused before the order is looked up: a key without the scope learns nothing about it.
      authorize(actor, 'order.cancel');
      return changeStatus({ number, to: 'cancelled', actor, reason });
    },
    markFulfilled: async (number, actor) => {
      authorize(actor, 'order.fulfil');
      return changeStatus({ number, to: 'completed', actor });
    },
    approveOrder: async (number, actor) => {
      authorize(actor, 'order.approve');
      return uow.write(async (tx) => {
        const order = await tx.findOne(Order, { number }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        // The company decides about its own buyer's limit first; staff then judge the rest.
        if (order?.status === 'pending_approval' && order.approvalReasons.includes(buyerLimitReason)) {
          throw new AppError('rule_violation', `Order ${number} waits for an admin of the buyer's company first`, { number, approvalReasons: order.approvalReasons });
        }
        return applyStatusChange(tx, { number, to: 'confirmed', actor });
      });
    },
    rejectOrder: async (number, actor, reason) => {
      authorize(actor, 'order.approve');
      return changeStatus({ number, to: 'rejected', actor, reason });
    },
    expireApproval: (number) => uow.write(async (tx) => {
      const [order] = await tx.execute<Array<{ status: string }>>('select status from "order" where number = ? for update', [number]);
      if (order?.status !== 'pending_approval') return false;
      await applyStatusChange(tx, { number, to: 'rejected', actor: jobActor('approval-timeout'), reason: approvalTimeoutReason });
      return true;
    }),
    releaseCreditHold: async (number, actor) => {
      authorize(actor, 'credit.release');
      return uow.write(async (tx) => {
        const order = await tx.findOne(Order, { number }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!order) throw new AppError('not_found', `No order ${number}`, { number });
        return applyStatusChange(tx, { number, to: order.status === 'credit_hold' ? afterCreditHold(order) : 'confirmed', actor, reason: 'credit_override' });
      });
    },
    decideBuyerApproval: (number, approve, actor) => uow.write((tx) => decideBuyerApproval(tx, number, approve, actor)),
    recheckCreditHolds: (accountId) => uow.write((tx) => recheckHeldOrders(tx, accountId, clock.now(), (change) => applyStatusChange(tx, change))),
    expireCreditHolds: async () => {
      const expired = await uow.read((em) => em.execute<Array<{ number: string }>>(`
        select o.number from "order" o join customer_account a on a.id = o.account_id
         where o.status = 'credit_hold' and o.placed_at < ?::timestamptz - make_interval(days => a.credit_hold_days) order by o.placed_at`, [clock.now()]));
      const cancelled: string[] = [];
      for (const { number } of expired) {
        const done = await uow.write(async (tx) => {
          const [row] = await tx.execute<Array<{ status: string }>>('select status from "order" where number = ? for update', [number]);
          if (row?.status !== 'credit_hold') return false;
          await applyStatusChange(tx, { number, to: 'cancelled', actor: jobActor('credit-hold-expiry'), reason: creditHoldExpiredReason });
          return true;
        });
        if (done) cancelled.push(number);
      }
      return cancelled;
    },
    markOverdue: () => uow.write((tx) => markOverdueOrders(tx, clock.now())),
    getOrder: async (number, actor) => {
      authorize(actor, 'order.read');
      return uow.read((em) => getOrder(em, number, customerIdOf(actor) ?? undefined, companyWide(actor)));
    },
    listOrders: async (filter, actor) => {
      authorize(actor, 'order.read');
      const own = customerIdOf(actor);
      const company = companyWide(actor);
      return uow.read((em) => listOrders(em, own === null ? filter : company === undefined ? { ...filter, customerId: own } : { ...filter, customerId: undefined, accountId: company }));
    },
    quote: (lines, shippingAddress, customerId) => uow.read((em) => quoteOrder(em, lines, shippingAddress, policy, { customerId, now: clock.now(), timeZone: config.REPORT_TIMEZONE })),
    purgeIdempotencyRecords: (hours) => uow.write((tx) => purgeIdempotencyRecords(tx, hours)),
    todaysFigures: () => uow.read((em) => dailyFigures(em, config.REPORT_TIMEZONE)),
  };
}
