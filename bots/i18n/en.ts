/**
 * English catalogue: the source of the message keys. `{name}` marks a parameter.
 * Every key must also exist in `zh-CN.ts` (the type system and a test both insist).
 */
export const en = {
  'order.line': '• {name} × {quantity}: {amount}',
  'order.total': 'Total: {amount}',
  'order.expected': 'Expected delivery: {date}',
  'order.reason': 'Reason: {reason}',
  'notice.order_confirmed': '✅ Order {number} is confirmed. Thank you!',
  'notice.order_awaiting_approval': '🕒 Order {number} is received and waits for a quick check by our staff. We will tell you as soon as it is approved.',
  'notice.order_approved': '✅ Order {number} is approved and confirmed.',
  'notice.order_rejected': 'We are sorry: order {number} could not be accepted.',
  'notice.order_cancelled': 'Order {number} is cancelled. Any reserved stock has been released.',
  'notice.order_status_changed': 'Order {number}: {status}.',
  'notice.order_shipped': '🚚 Order {number} is on its way.',
  'notice.order_shipped.tracking': 'Carrier: {carrier} · Tracking number: {trackingNumber}',
  'notice.order_delivered': '📦 Order {number} was delivered. How did we do? Tap a rating from 1 (poor) to 5 (excellent).',
  'notice.staff_approval_requested': 'Order {number} from {customer} ({total}) needs approval: {reasons}.',
  'status.pending_approval': 'waiting for approval',
  'status.confirmed': 'confirmed',
  'status.rejected': 'rejected',
  'status.picking': 'being picked in the warehouse',
  'status.packed': 'packed and ready to ship',
  'status.shipped': 'shipped',
  'status.delivered': 'delivered',
  'status.delivery_failed': 'delivery failed; we will try again or contact you',
  'status.completed': 'completed',
  'status.cancelled': 'cancelled',
  'status.return_requested': 'return requested',
  'status.returned': 'returned',
  'reason.high_value': 'high value',
  'reason.large_quantity': 'large quantity',
  'reason.possible_duplicate': 'possible duplicate',
} as const;

export type MessageKey = keyof typeof en;
