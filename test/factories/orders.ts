import type { CoreServices } from '../../core/services.ts';
import type { IdentityChannel, Locale } from '../../core/customers/index.ts';
import type { PlaceOrderResult } from '../../core/orders/index.ts';
import { customerActor } from '../../core/shared/actor.ts';
import { shanghai } from './catalog.ts';

/** Options of `chatOrder`. */
export interface ChatOrderOptions {
  sku: string;
  /** The customer's chat id on `channel` (a Telegram user id, a web chat visitor id). */
  chatId: string;
  channel?: Extract<IdentityChannel, 'telegram' | 'webchat'>;
  locale?: Locale;
  quantity?: number;
}

/** Places an order through the core as a chat customer would. */
export async function chatOrder(core: CoreServices, options: ChatOrderOptions): Promise<PlaceOrderResult> {
  const channel = options.channel ?? 'telegram';
  const identity = { channel, externalId: options.chatId };
  const contact = { name: `Customer ${options.chatId}`, locale: options.locale ?? 'en' as Locale };
  const customer = await core.customers.resolve(identity, contact);
  return core.orders.placeOrder({
    channel,
    identity,
    contact,
    lines: [{ sku: options.sku, quantity: options.quantity ?? 1 }],
    shippingAddress: shanghai,
    paymentMethod: 'cash_on_delivery',
    actor: customerActor(customer.id),
  });
}
