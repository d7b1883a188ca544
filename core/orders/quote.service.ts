import type { ServiceContext } from '../shared/service-context.ts';
import { authorize } from '../shared/authorization.ts';
import { customerIdOf, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { savedAddresses, type IdentityChannel } from '../customers/index.ts';
import { placeOrder, type OrderSettings } from './place-order.ts';
import { getOrder } from './order.queries.ts';
import type { OrderView } from './order.view.ts';
import type { OrderPolicy } from './pricing.ts';
import { QuoteLine } from './quote.entity.ts';
import { Order } from './order.entity.ts';
import { declineQuote, draftQuote, expireQuote, quoteView, sendQuote, setQuoteLinePrice, visibleQuote, type QuoteInput, type QuoteView } from './quotes.ts';
import { cancelQuote, openQuotesOf, requestQuote } from './quote-requests.ts';

/** Quotes to company buyers: drafted and sent by staff, accepted once by the buyer. */
export interface QuoteService {
  draft(input: QuoteInput, actor: Actor): Promise<QuoteView>;
  /**
   * A company buyer asks for a quote of these lines (from their chat cart): a draft at their
   * account's prices, shown to staff with Send / Decline. Only a buyer or admin of a company.
   */
  request(lines: Array<{ sku: string; quantity: number }>, actor: Actor): Promise<QuoteView>;
  /** Staff turn down a quote asked for (a draft): the buyer is told. */
  cancel(number: string, actor: Actor): Promise<QuoteView>;
  /** A member's company's quotes still open (sent, not expired), newest first. */
  openQuotes(actor: Actor): Promise<QuoteView[]>;
  send(number: string, validUntil: Date, actor: Actor): Promise<QuoteView>;
  /** Staff set one line's unit price on a draft (kept as a staff price; totals follow). */
  setPrice(number: string, sku: string, unitPriceMinor: number, actor: Actor): Promise<QuoteView>;
  /** Staff any; a member of its company theirs; anyone else `not_found`. */
  get(number: string, actor: Actor): Promise<QuoteView>;
  /**
   * Accepts a sent quote: one order at exactly its prices (idempotency key `quote:<number>`),
   * placed in the same transaction that marks it accepted. Accepting again answers the same
   * order; after its validity: 422 `quote_expired`; a viewer: 403.
   */
  accept(number: string, actor: Actor, channel?: 'telegram' | 'webchat' | 'api'): Promise<{ quote: QuoteView; order: OrderView; replayed: boolean }>;
  decline(number: string, actor: Actor): Promise<QuoteView>;
  /** The expiry job of one sending: false when the quote was accepted, declined or sent again meanwhile. */
  expire(number: string, version: number): Promise<boolean>;
}

/** Quotes are drafted and sent by staff (or a key with `accounts:write`), never by a buyer. */
function staffOnly(actor: Actor): void {
  authorize(actor, 'account.admin');
  if (customerIdOf(actor) !== null) throw new AppError('forbidden', 'Quotes are made by staff', {});
}

export function createQuoteService({ uow, clock, config }: ServiceContext, policy: OrderPolicy): QuoteService {
  const settings: OrderSettings = { policy, timeZone: config.REPORT_TIMEZONE, clock };
  return {
    draft: async (input, actor) => {
      staffOnly(actor);
      return uow.write(async (tx) => quoteView(tx, await draftQuote(tx, input, policy, clock.now(), actor)));
    },
    request: async (lines, actor) => {
      authorize(actor, 'order.place');
      return uow.write(async (tx) => quoteView(tx, await requestQuote(tx, lines, policy, clock.now(), actor)));
    },
    cancel: async (number, actor) => {
      staffOnly(actor);
      return uow.write(async (tx) => quoteView(tx, await cancelQuote(tx, number, actor)));
    },
    openQuotes: async (actor) => {
      authorize(actor, 'account.read');
      return uow.read(async (em) => Promise.all((await openQuotesOf(em, actor, clock.now())).map((quote) => quoteView(em, quote))));
    },
    setPrice: async (number, sku, unitPriceMinor, actor) => {
      staffOnly(actor);
      return uow.write(async (tx) => quoteView(tx, await setQuoteLinePrice(tx, number, sku, unitPriceMinor, policy, actor)));
    },
    send: async (number, validUntil, actor) => {
      staffOnly(actor);
      return uow.write(async (tx) => quoteView(tx, await sendQuote(tx, number, validUntil, clock.now(), actor)));
    },
    get: async (number, actor) => {
      authorize(actor, 'account.read');
      return uow.read(async (em) => quoteView(em, await visibleQuote(em, number, actor)));
    },
    accept: async (number, actor, channel = 'api') => {
      authorize(actor, 'order.place');
      return uow.write(async (tx) => {
        const quote = await visibleQuote(tx, number, actor, true);
        if (quote.status === 'accepted' && quote.order) {
          return { quote: await quoteView(tx, quote), order: await getOrder(tx, (await tx.populate(quote, ['order'])).order!.number), replayed: true };
        }
        if (quote.status === 'expired' || (quote.status === 'sent' && quote.validUntil! < clock.now())) {
          throw new AppError('quote_expired', `Quote ${number} was valid until ${quote.validUntil?.toISOString()}; ask for it to be sent again`, { number, validUntil: quote.validUntil?.toISOString() ?? null });
        }
        if (quote.status !== 'sent') throw new AppError('invalid_transition', `Quote ${number} is ${quote.status}`, { number, status: quote.status });
        await tx.populate(quote, ['member.customer']);
        const lines = await tx.find(QuoteLine, { quote }, { orderBy: { id: 'asc' } });
        const buyer = quote.member.customer;
        const [latest] = quote.shippingAddress ? [] : await savedAddresses(tx, buyer.id);
        const shippingAddress = quote.shippingAddress ?? (latest ? { line1: latest.line1, city: latest.city, region: latest.region ?? undefined, postalCode: latest.postalCode ?? undefined, country: latest.country } : undefined);
        const identity: { channel: IdentityChannel; externalId: string } = { channel: 'api', externalId: `member:${quote.member.id}` };
        const placed = await placeOrder(uow, settings, {
          channel, identity, customerId: buyer.id, contact: { name: buyer.name, phone: buyer.phone ?? undefined, email: buyer.email ?? undefined, locale: buyer.locale },
          lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity })), frozenPrices: new Map(lines.map((line) => [line.sku, line.unitPriceMinor])),
          shippingAddress, paymentMethod: quote.paymentMethod, notes: quote.notes ?? undefined, customerPoRef: quote.number, actor,
        }, { scope: 'quote', key: `quote:${number}` });
        quote.status = 'accepted';
        quote.order = await tx.findOneOrFail(Order, { number: placed.order.number });
        audit(tx, actor, { entityType: 'quote', entityId: number, action: 'quote.accepted', after: { order: placed.order.number } });
        await tx.flush();
        return { quote: await quoteView(tx, quote), order: placed.order, replayed: false };
      });
    },
    decline: async (number, actor) => {
      authorize(actor, 'order.place');
      return uow.write(async (tx) => quoteView(tx, await declineQuote(tx, number, actor)));
    },
    expire: (number, version) => uow.write((tx) => expireQuote(tx, number, version, clock.now())),
  };
}
