import type { CoreServices } from '../core/services.ts';
import { customerActor } from '../core/shared/actor.ts';
import { startProgress } from './progress.ts';

/** Which orders to place: one per Telegram customer, chats `firstChatId` ... `firstChatId + count - 1`. */
export interface TelegramOrdersPlan {
  count: number;
  firstChatId: number;
  /** Order `i` buys one unit of `skus[i % skus.length]`. */
  skus: readonly string[];
  /** Orders placed side by side, as concurrent chat checkouts would. */
  concurrency: number;
}

/**
 * Places the orders through the core as Telegram customers checking out in the chat would (each
 * a new customer with a Telegram identity), so each writes one `order.placed` outbox event that
 * notifies exactly one chat. Throws on the first order that is refused.
 */
export async function placeTelegramOrders(core: CoreServices, { count, firstChatId, skus, concurrency }: TelegramOrdersPlan): Promise<void> {
  const progress = startProgress('placing Telegram orders', count, 'orders');
  let next = 0;
  const placeUntilDone = async () => {
    while (next < count) {
      const index = next++;
      const chatId = String(firstChatId + index);
      const identity = { channel: 'telegram', externalId: chatId } as const;
      const contact = { name: `Bench ${chatId}`, locale: 'en' } as const;
      // As the chat does: the customer exists before checkout and acts as itself (core refuses a customer actor without an id).
      const customer = await core.customers.resolve(identity, contact);
      await core.orders.placeOrder({
        channel: 'telegram',
        identity,
        contact,
        lines: [{ sku: skus[index % skus.length]!, quantity: 1 }],
        shippingAddress: { line1: '1 Road', city: 'Shanghai', country: 'CN' },
        paymentMethod: 'cash_on_delivery',
        actor: customerActor(customer.id),
      });
      progress.advance();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, placeUntilDone));
  progress.finish();
}
