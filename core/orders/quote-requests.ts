import type { EntityManager } from '@mikro-orm/postgresql';
import { customerIdOf, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { AccountMember } from '../customers/index.ts';
import type { OrderPolicy } from './pricing.ts';
import { Quote } from './quote.entity.ts';
import { draftQuote, visibleQuote } from './quotes.ts';

/**
 * A company's buyer (or admin) asks for a quote of their cart in chat: a draft at their
 * account's prices, which staff see with Send / Decline (`quote.requested`). Anyone who is not
 * a buyer or admin of a company may not.
 */
export async function requestQuote(tx: EntityManager, lines: Array<{ sku: string; quantity: number }>, policy: OrderPolicy, now: Date, actor: Actor): Promise<Quote> {
  const customerId = customerIdOf(actor);
  const member = customerId === null ? null : await tx.findOne(AccountMember, { customer: customerId, active: true }, { populate: ['account', 'customer'] });
  if (!member || member.role === 'viewer') throw new AppError('forbidden', 'Only a buyer of a company account may ask for a quote', {});
  // Staff draft quotes with any price; a buyer's request is priced from their list, then staff decide.
  const quote = await draftQuote(tx, { account: member.account.code, memberId: member.id, lines }, policy, now, { type: 'system', id: `quote-request:${customerId}` });
  audit(tx, actor, { entityType: 'quote', entityId: quote.number, action: 'quote.requested', after: { lines } });
  publish(tx, 'quote.requested', { type: 'quote', id: quote.number }, { quoteNumber: quote.number, account: member.account.code, buyer: member.customer.name, customerId });
  await tx.flush();
  return quote;
}

/** Staff turn down a quote that was asked for (still a draft). */
export async function cancelQuote(tx: EntityManager, number: string, actor: Actor): Promise<Quote> {
  const quote = await visibleQuote(tx, number, actor, true);
  if (quote.status !== 'draft') throw new AppError('invalid_transition', `Quote ${number} is ${quote.status}`, { number, status: quote.status });
  quote.status = 'cancelled';
  await tx.populate(quote, ['member']);
  audit(tx, actor, { entityType: 'quote', entityId: number, action: 'quote.cancelled' });
  publish(tx, 'quote.declined', { type: 'quote', id: number }, { quoteNumber: number, customerId: quote.member.customer.id });
  await tx.flush();
  return quote;
}

/** The quotes a member's company may still accept (sent and within their validity), newest first. */
export async function openQuotesOf(em: EntityManager, actor: Actor, now: Date): Promise<Quote[]> {
  const customerId = customerIdOf(actor);
  const member = customerId === null ? null : await em.findOne(AccountMember, { customer: customerId, active: true });
  if (!member) return [];
  return em.find(Quote, { account: member.account, status: 'sent', validUntil: { $gt: now } }, { orderBy: { id: 'desc' }, limit: 10 });
}
