/**
 * The closed set of error codes. Each edge translates a code once: an HTTP status in
 * `bots/http`, a localized sentence in `bots/conversation`, retry-or-not in `jobs/`.
 */
export const errorCodes = {
  /** The request body or a parameter does not have the expected shape. */
  invalid_input: 'malformed',
  /** The request body is larger than the server accepts. */
  payload_too_large: 'malformed',
  /** No credentials, or credentials that are not valid. */
  unauthenticated: 'auth',
  /** Valid credentials without the right to do this. */
  forbidden: 'forbidden',
  /** The named thing does not exist (or is not visible to the caller). */
  not_found: 'not_found',
  /** Not enough available stock for one or more lines. */
  insufficient_stock: 'conflict',
  /** The order's current status does not allow this change. */
  invalid_transition: 'conflict',
  /** Someone else changed the same record first (optimistic lock, first click wins). */
  concurrent_update: 'conflict',
  /** The record already exists (unique SKU, identity, ...). */
  already_exists: 'conflict',
  /** A request with this idempotency key is still being processed. */
  idempotency_in_progress: 'conflict',
  /** A line names a SKU that does not exist or is not for sale. */
  unknown_product: 'rule',
  /** The price the client expected differs from the catalogue price. */
  price_mismatch: 'conflict',
  /** Goods need a delivery address and none was given. */
  address_required: 'rule',
  /** A line asks for more than the per-line maximum. */
  quantity_limit: 'rule',
  /** A line's quantity breaks its product's case-pack rule (minimum, increment, maximum). */
  quantity_rule: 'rule',
  /** The order's amount is above the most one order may be (MAX_ORDER_TOTAL_MINOR). */
  amount_too_large: 'rule',
  /** An order from a chat customer has more units than such an order may have. */
  order_quantity_limit: 'rule',
  /** A payment above what is still due on the order. */
  overpayment: 'rule',
  /** A refund above what was paid and not refunded yet. */
  refund_exceeds_paid: 'rule',
  /** Too many requests of this kind from this caller for now (`details.retryAfterSeconds`). */
  rate_limited: 'rate_limited',
  /** The lines of one order are priced in different currencies. */
  mixed_currency: 'rule',
  /** The idempotency key was used before with a different request. */
  idempotency_key_reused: 'rule',
  /** The input is well formed but breaks a business rule. */
  rule_violation: 'rule',
  /** A scanned barcode is not valid (EAN-13 check digit) or not an item still to pick. */
  wrong_barcode: 'rule',
  /** A bill of materials would make a product need itself (`details.path` names the SKUs around the loop). */
  bom_cycle: 'rule',
  /** A quote is past its validity: it can no longer be accepted (staff may send it again). */
  quote_expired: 'rule',
  /** Rows of a bulk order (CSV) that cannot be ordered: `details.rows` names each with its row number and code. */
  invalid_rows: 'rule',
  /** The time asked for is taken (another booking, a hold): `details.alternatives` offers free ones. */
  slot_unavailable: 'conflict',
  /** A bookable service was ordered like goods: it is sold by booking a time for it. */
  booking_required: 'rule',
  /** A booking sooner than the service's minimum notice. */
  notice_period: 'rule',
  /** A booking further ahead than the service's advance window. */
  too_far_ahead: 'rule',
  /** Too close to the start for a customer to cancel or move the booking (staff still may). */
  cancellation_window: 'rule',
  /** A dependency (database, Redis, a carrier) is not reachable right now. */
  unavailable: 'unavailable',
} as const;

export type ErrorCode = keyof typeof errorCodes;
export type ErrorKind = (typeof errorCodes)[ErrorCode];

/** The one error type of the domain: a stable `code`, an English message, and optional details. */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }

  get kind(): ErrorKind {
    return errorCodes[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
