export { Order, OrderLine, orderChannels, paymentMethods, paymentStatuses, type OrderChannel, type PaymentMethod, type OrderAddress } from './order.entity.ts';
export { orderStatuses, transitions, checkTransition, assertTransition, isTerminal, reservingStatuses, type OrderStatus } from './order-state.ts';
export { createOrderService, type OrderService } from './order.service.ts';
export { defaultOrderPolicy, priceOrder, approvalReasons, linesFingerprint, type OrderPolicy } from './pricing.ts';
export { formatOrderNumber, orderNumberPattern } from './order-number.ts';
export type { PlaceOrderInput, OrderSettings, PlaceOrderResult } from './place-order.ts';
export type { OrderView } from './order.view.ts';
export type { OrderDetail, OrderFilter, OrderPage } from './order.queries.ts';
export type { RequestedLine } from './order-verification.ts';
