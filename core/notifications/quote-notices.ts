import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRecord } from '../shared/outbox.ts';
import { Quote, QuoteLine } from '../orders/index.ts';
import { chatIdentities, toCustomer, toStaff, type NotificationSettings, type PlannedNotification } from './notification-recipients.ts';

/**
 * A quote a buyer asked for goes to the approvals channel with Send / Decline; a quote sent goes
 * to its buyer's chat with Accept / Decline; a declined or expired one is told to the buyer too.
 */
export async function planQuoteNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const relevant = events.filter((event) => event.aggregateType === 'quote');
  if (relevant.length === 0) return [];
  const quotes = new Map((await em.find(Quote, { number: { $in: relevant.map((event) => event.aggregateId) } }, { populate: ['member.customer'] })).map((quote) => [quote.number, quote]));
  const lines = await em.find(QuoteLine, { quote: { $in: [...quotes.values()] } }, { orderBy: { id: 'asc' } });
  const identities = await chatIdentities(em, [...quotes.values()].map((quote) => quote.member.customer.id), settings);
  return relevant.flatMap((event): PlannedNotification[] => {
    const quote = quotes.get(event.aggregateId);
    if (!quote) return [];
    const buyer = quote.member.customer;
    const quoted = lines.filter((line) => line.quote.id === quote.id).map((line) => ({ sku: line.sku, name: line.name, quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, lineTotalMinor: line.lineTotalMinor }));
    switch (event.topic) {
      case 'quote.requested':
        return settings.channels.has('slack') ? toStaff(settings.approvalsChannel, event.id, settings.staffLocale, {
          kind: 'staff_quote_requested', quoteNumber: quote.number, account: String(event.payload.account), buyerName: buyer.name, totalMinor: quote.totalMinor, currency: quote.currency, lines: quoted,
        }) : [];
      case 'quote.sent':
        return toCustomer(identities, event.id, buyer, { kind: 'quote_sent', quoteNumber: quote.number, totalMinor: quote.totalMinor, currency: quote.currency, validUntil: String(event.payload.validUntil), lines: quoted });
      case 'quote.declined':
        return toCustomer(identities, event.id, buyer, { kind: 'quote_declined', quoteNumber: quote.number });
      case 'quote.expired':
        return toCustomer(identities, event.id, buyer, { kind: 'quote_expired', quoteNumber: quote.number });
      default:
        return [];
    }
  });
}
