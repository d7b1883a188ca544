import { z } from 'zod';
import type { QuoteService } from '../../../core/orders/index.ts';
import { paymentMethods } from '../../../core/orders/index.ts';
import { operation, type Operation } from './operation.ts';
import { businessDateTime } from './dates.ts';
import { addressSchema, orderSchema, quantity, sku } from './schemas.ts';

const tag = 'Company accounts';
const quote = { number: z.string().regex(/^Q-\d{6,}$/).meta({ examples: ['Q-000042'] }) };
const quoteSchema = z.object({
  number: z.string(), account: z.string(), status: z.string(), validUntil: z.string().nullable(), currency: z.string(),
  subtotalMinor: z.number().int(), shippingMinor: z.number().int(), totalMinor: z.number().int(),
  lines: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number().int(), unitPriceMinor: z.number().int(), lineTotalMinor: z.number().int(), priceSetByStaff: z.boolean() })),
  order: z.string().nullable(), version: z.number().int(),
});
const draftSchema = z.object({
  account: z.string().min(1).max(32), member: z.number().int().positive(),
  lines: z.array(z.object({ sku, quantity, unitPriceMinor: z.number().int().min(0).max(2_000_000_000).optional().describe('A price set by staff instead of the list\'s') }).strict()).min(1).max(500),
  shippingAddress: addressSchema, paymentMethod: z.enum(paymentMethods).optional(), notes: z.string().max(2000).optional(),
}).strict();

/** Quotes: staff draft and send them; the buyer accepts one once (in chat, or with their key here). */
export function quoteOperations(quotes: QuoteService): Operation[] {
  return [
    operation({
      method: 'post', path: '/quotes', tag, summary: 'Draft a quote for a company buyer at the account\'s prices', permission: 'account.admin',
      description: 'The same checks as an order (case rules, limits). Prices are frozen on the quote: later price-list changes do not touch it.',
      body: draftSchema, status: 201, response: quoteSchema, errors: ['not_found', 'quantity_rule', 'unknown_product', 'address_required'],
      example: { account: 'ACME', member: 1, lines: [{ sku: 'TEA-001', quantity: 48 }], shippingAddress: { line1: '88 Jianguo Road', city: 'Beijing', country: 'CN' } },
      handle: ({ body, caller }) => quotes.draft({ ...body, memberId: body.member }, caller.actor),
    }),
    operation({
      method: 'post', path: '/quotes/:number/send', tag, summary: 'Send a quote (or an expired one again, as a new version) to its buyer\'s chat', permission: 'account.admin',
      params: quote, body: z.object({ validUntil: businessDateTime }).strict(), example: { validUntil: '2026-12-20T18:00:00+08:00' },
      response: quoteSchema, errors: ['not_found', 'invalid_transition', 'invalid_input'],
      handle: ({ params, body, caller }) => quotes.send(params.number, new Date(body.validUntil), caller.actor),
    }),
    operation({
      method: 'put', path: '/quotes/:number/lines/:sku', tag, summary: 'Set one line\'s unit price on a draft (a staff price, kept)', permission: 'account.admin',
      description: 'Only before the quote is sent (a draft, or an expired quote before it is sent again); a sent or decided quote is 409.',
      params: { ...quote, sku: sku.meta({ examples: ['TEA-001'] }) }, body: z.object({ unitPriceMinor: z.number().int().min(0).max(2_000_000_000) }).strict(), example: { unitPriceMinor: 750 },
      response: quoteSchema, errors: ['not_found', 'invalid_transition'],
      handle: ({ params, body, caller }) => quotes.setPrice(params.number, params.sku, body.unitPriceMinor, caller.actor),
    }),
    operation({
      method: 'get', path: '/quotes/:number', tag, summary: 'A quote', permission: 'account.read',
      description: 'A member\'s key sees its company\'s quotes only (another is 404).',
      params: quote, response: quoteSchema, errors: ['not_found'],
      handle: ({ params, caller }) => quotes.get(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/quotes/:number/accept', tag, summary: 'Accept a quote: one order at its prices (a second accept answers the same order)', permission: 'order.place',
      params: quote, status: 201, response: z.object({ quote: quoteSchema, order: orderSchema }), errors: ['not_found', 'quote_expired', 'invalid_transition', 'forbidden'],
      handle: async ({ params, caller, res }) => {
        const { quote: accepted, order, replayed } = await quotes.accept(params.number, caller.actor);
        if (replayed) res.setHeader('Idempotent-Replayed', 'true');
        return { quote: accepted, order };
      },
    }),
    operation({
      method: 'post', path: '/quotes/:number/decline', tag, summary: 'Decline a quote', permission: 'order.place',
      params: quote, response: quoteSchema, errors: ['not_found', 'invalid_transition', 'forbidden'],
      handle: ({ params, caller }) => quotes.decline(params.number, caller.actor),
    }),
  ];
}
