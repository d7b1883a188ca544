import type { MikroORM } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import type { IdempotencyKey } from '../shared/idempotency.ts';
import { placeOrder, type OrderSettings, type PlaceOrderInput, type PlaceOrderResult } from './place-order.ts';
import { changeOrderStatus, type StatusChange } from './order-transitions.ts';
import { getOrder, listOrders, type OrderDetail, type OrderFilter, type OrderPage } from './order.queries.ts';
import type { OrderView } from './order.view.ts';
import type { OrderAddress } from './order.entity.ts';
import type { RequestedLine } from './order-verification.ts';
import { quoteOrder, type OrderQuote } from './quote.ts';

/** The one entry point every channel uses for orders. Each call runs on its own EntityManager fork. */
export interface OrderService {
  placeOrder(input: PlaceOrderInput, idempotency?: IdempotencyKey): Promise<PlaceOrderResult>;
  changeStatus(change: StatusChange): Promise<OrderView>;
  cancelOrder(number: string, actor: Actor, reason?: string, customerId?: number): Promise<OrderView>;
  approveOrder(number: string, actor: Actor): Promise<OrderView>;
  rejectOrder(number: string, actor: Actor, reason: string): Promise<OrderView>;
  getOrder(number: string, customerId?: number): Promise<OrderDetail>;
  listOrders(filter: OrderFilter): Promise<OrderPage>;
  /** Prices lines as `placeOrder` would, without reserving anything (checkout review). */
  quote(lines: RequestedLine[], shippingAddress?: OrderAddress): Promise<OrderQuote>;
}

export function createOrderService(orm: MikroORM, settings: OrderSettings): OrderService {
  const em = () => orm.em.fork();
  const changeStatus = (change: StatusChange) => changeOrderStatus(em(), change);
  return {
    placeOrder: (input, idempotency) => placeOrder(em(), settings, input, idempotency),
    changeStatus,
    cancelOrder: (number, actor, reason, customerId) => changeStatus({ number, to: 'cancelled', actor, reason, customerId }),
    approveOrder: (number, actor) => changeStatus({ number, to: 'confirmed', actor }),
    rejectOrder: (number, actor, reason) => changeStatus({ number, to: 'rejected', actor, reason }),
    getOrder: (number, customerId) => getOrder(em(), number, customerId),
    listOrders: (filter) => listOrders(em(), filter),
    quote: (lines, shippingAddress) => quoteOrder(em(), lines, shippingAddress, settings.policy),
  };
}
