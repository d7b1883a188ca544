import type { MikroORM } from '../../core/db.ts';
import { resolveCustomer, CustomerIdentity } from '../../core/customers/index.ts';
import { orderBody } from '../factories/catalog.ts';
import { request } from './app.ts';

/** A customer the shop knows on Telegram, ordering through the shop's API under `ref`. */
export interface ApiCustomer {
  ref: string;
  chatId: string;
}

/** `count` customers known on Telegram (chats from `firstChatId`) and to the API key `apiKeyId`. */
export async function apiCustomers(orm: MikroORM, apiKeyId: number, count: number, firstChatId: number): Promise<ApiCustomer[]> {
  const customers = Array.from({ length: count }, (_, i) => ({ ref: `shop-customer-${i}`, chatId: String(firstChatId + i) }));
  for (const { ref, chatId } of customers) {
    const em = orm.em.fork();
    const customer = await resolveCustomer(em, 'telegram', chatId, { name: `Customer ${chatId}`, locale: 'en' });
    em.create(CustomerIdentity, { customer, channel: 'api', externalId: `${apiKeyId}:${ref}` });
    await em.flush();
  }
  return customers;
}

/** One answer of `POST /api/v1/orders`: whose order, the status and its Retry-After. */
export interface OrderAnswer {
  i: number;
  status: number;
  retryAfter: string | null;
}

/**
 * Places one order of `sku` per customer, one at a time, `gapMs` apart (each with its own
 * Idempotency-Key), through the service at `baseUrl`; `answers` collects every answer.
 */
export function orderPlacer(baseUrl: string, apiKey: string, sku: string, customers: ApiCustomer[], gapMs: number): { answers: OrderAnswer[]; place(from: number, to: number): Promise<void> } {
  const answers: OrderAnswer[] = [];
  return {
    answers,
    async place(from, to) {
      for (let i = from; i < to; i += 1) {
        const body = orderBody([{ sku, quantity: 1 }], { externalId: customers[i]!.ref });
        const response = await request(`${baseUrl}/api/v1/orders`, { body, headers: { authorization: `Bearer ${apiKey}`, 'Idempotency-Key': `outage-${i}` } });
        answers.push({ i, status: response.status, retryAfter: response.headers.get('retry-after') });
        await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
    },
  };
}
