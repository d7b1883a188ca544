import { isAppError } from '../../core/shared/errors.ts';
import { lineLimit } from '../../core/orders/index.ts';
import type { Reply } from './io.ts';
import type { Turn } from './turn.ts';
import { mainMenu } from './features/menu.ts';

/**
 * The one translation of core errors into chat sentences. Returns null for errors that are
 * not the customer's business (bugs, outages): the engine logs those and apologises.
 */
export function errorReply(turn: Turn, error: unknown): Reply | null {
  if (!isAppError(error)) return null;
  const cartButtons = [[turn.button('button.cart', { a: 'cart' }), turn.button('button.menu', { a: 'menu' })]];
  switch (error.code) {
    case 'insufficient_stock': {
      const lines = (error.details?.lines as Array<{ sku: string; available: number }> | undefined) ?? [];
      return turn.reply(turn.say('error.insufficient_stock', { items: lines.map((line) => `${line.sku} (${line.available})`).join(', ') }), cartButtons);
    }
    case 'unknown_product':
    case 'price_mismatch':
    case 'mixed_currency':
    case 'address_required':
      return turn.reply(turn.say(`error.${error.code}`), cartButtons);
    case 'quantity_limit':
      return turn.reply(turn.say('error.quantity_limit', { max: Number(error.details?.max ?? lineLimit(turn.deps.policy, turn.capped)) }), cartButtons);
    case 'quantity_rule': {
      const [line] = (error.details?.lines as Array<{ sku: string; quantity: number; minimum: number; increment: number; nearest: Array<number | null> }> | undefined) ?? [];
      if (!line) return turn.reply(turn.say('error.quantity_limit', { max: lineLimit(turn.deps.policy, turn.capped) }), cartButtons);
      const options = line.nearest.filter((value): value is number => value !== null).join(' / ');
      return turn.reply(turn.say('error.quantity_rule', { sku: line.sku, quantity: line.quantity, minimum: line.minimum, increment: line.increment, options: options || '—' }), cartButtons);
    }
    case 'order_quantity_limit':
      return turn.reply(turn.say('error.order_quantity_limit', { max: Number(error.details?.max ?? turn.deps.policy.selfServe.maxUnitsPerOrder) }), cartButtons);
    case 'amount_too_large':
      return turn.reply(turn.say('error.amount_too_large'), cartButtons);
    case 'booking_required':
      return turn.reply(turn.say('error.booking_required'), [[turn.button('button.book', { a: 'bk' }), turn.button('button.cart', { a: 'cart' })]]);
    case 'quote_expired':
      return turn.reply(turn.say('error.quote_expired'), mainMenu(turn));
    case 'rate_limited':
      return error.details?.max === undefined
        ? turn.reply(turn.say('error.rate_limited'), mainMenu(turn))
        : turn.reply(turn.say('error.too_many_complaints', { max: Number(error.details.max) }), mainMenu(turn));
    case 'not_found':
      return turn.reply(turn.say('error.not_found'), mainMenu(turn));
    case 'invalid_transition':
    case 'forbidden':
      return turn.reply(turn.say('error.invalid_transition'), mainMenu(turn));
    case 'idempotency_in_progress':
    case 'concurrent_update':
      return turn.reply(turn.say('error.rate_limited'), mainMenu(turn));
    default:
      return null;
  }
}
