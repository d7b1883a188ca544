import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { actorLabel, customerIdOf, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { nextDocumentNumber } from '../shared/document-number.ts';
import { Product, QuantityRule, resolveUnitPrice } from '../catalog/index.ts';
import { AccountMember, accountPriceItems, findAccount } from '../customers/index.ts';
import { verifyLines, type ProductFacts } from './order-verification.ts';
import { priceOrder, type OrderPolicy } from './pricing.ts';
import type { OrderAddress, PaymentMethod } from './order.entity.ts';
import { Quote, QuoteLine, type QuoteStatus } from './quote.entity.ts';

export interface QuoteInput {
  account: string;
  /** The member the quote is for (who may accept it, with the account's other buyers and admins). */
  memberId: number;
  lines: Array<{ sku: string; quantity: number; unitPriceMinor?: number | undefined }>;
  /** Absent on a quote a buyer asked for in chat: their latest address when they accept. */
  shippingAddress?: OrderAddress | undefined;
  paymentMethod?: PaymentMethod | undefined;
  notes?: string | undefined;
}

export interface QuoteView {
  number: string;
  account: string;
  status: QuoteStatus;
  validUntil: string | null;
  currency: string;
  subtotalMinor: number;
  shippingMinor: number;
  totalMinor: number;
  lines: Array<{ sku: string; name: string; quantity: number; unitPriceMinor: number; lineTotalMinor: number; priceSetByStaff: boolean }>;
  order: string | null;
  version: number;
}

export async function quoteView(em: EntityManager, quote: Quote): Promise<QuoteView> {
  await em.populate(quote, ['account', 'order']);
  const lines = await em.find(QuoteLine, { quote }, { orderBy: { id: 'asc' } });
  return {
    number: quote.number, account: quote.account.code, status: quote.status, validUntil: quote.validUntil?.toISOString() ?? null, currency: quote.currency,
    subtotalMinor: quote.subtotalMinor, shippingMinor: quote.shippingMinor, totalMinor: quote.totalMinor,
    lines: lines.map((line) => ({ sku: line.sku, name: line.name, quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, lineTotalMinor: line.lineTotalMinor, priceSetByStaff: line.priceSetByStaff })),
    order: quote.order?.number ?? null, version: quote.version,
  };
}

/**
 * The quote as `actor` may see it: staff and keys any, a member of its company theirs, anyone
 * else nothing (404). `lock` takes the row for a change.
 */
export async function visibleQuote(em: EntityManager, number: string, actor: Actor, lock = false): Promise<Quote> {
  const quote = await em.findOne(Quote, { number }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  const customerId = customerIdOf(actor);
  const member = quote && customerId !== null ? await em.findOne(AccountMember, { customer: customerId, account: quote.account, active: true }) : null;
  if (!quote || (customerId !== null && !member)) throw new AppError('not_found', `No quote ${number}`, { number });
  if (member && lock && member.role === 'viewer') throw new AppError('forbidden', `A viewer of the company may not decide about quote ${number}`, { number });
  return quote;
}

/**
 * A draft at the account's prices for these quantities now (tiers over all units), or the price
 * staff set for a line. The same checks as an order (case rules, limits, currency), so a quote
 * can always be accepted as it stands.
 */
export async function draftQuote(tx: EntityManager, input: QuoteInput, policy: OrderPolicy, now: Date, actor: Actor): Promise<Quote> {
  const account = await findAccount(tx, input.account);
  const member = await tx.findOne(AccountMember, { id: input.memberId, account, active: true }, { populate: ['customer'] });
  if (!member) throw new AppError('not_found', `Account ${input.account} has no active member ${input.memberId}`, { account: input.account, memberId: input.memberId });
  const products = await tx.find(Product, { sku: { $in: [...new Set(input.lines.map((line) => line.sku))] } });
  const rules = products.length > 0 ? await tx.find(QuantityRule, { product: { $in: products } }) : [];
  const facts: ProductFacts[] = products.map((product) => {
    const rule = rules.find((each) => each.product.id === product.id);
    return { ...product, quantityRule: rule ? { minimum: rule.minimum, increment: rule.increment, maximum: rule.maximum ?? null } : null };
  });
  const verified = verifyLines(input.lines.map(({ sku, quantity }) => ({ sku, quantity })), facts, input.shippingAddress ?? 'asked_later', policy);
  const items = await accountPriceItems(tx, account);
  const set = new Map(input.lines.flatMap((line) => (line.unitPriceMinor === undefined ? [] : [[line.sku, line.unitPriceMinor] as const])));
  const priced = verified.map((line) => ({
    line, sku: line.product.sku, quantity: line.quantity, kind: line.product.kind,
    unitPriceMinor: set.get(line.product.sku) ?? resolveUnitPrice(line.product, line.quantity, items, now).unitPriceMinor,
  }));
  const totals = priceOrder(priced, policy);
  const quote = tx.create(Quote, {
    number: await nextDocumentNumber(tx, 'quote_number_seq', 'Q'), account, member, status: 'draft', validUntil: null, currency: verified[0]!.product.currency,
    ...totals, shippingAddress: input.shippingAddress ?? null, paymentMethod: input.paymentMethod ?? 'bank_transfer', notes: input.notes ?? null, order: null,
    createdBy: actorLabel(actor), version: 1,
  });
  for (const each of priced) {
    tx.create(QuoteLine, {
      quote, product: each.line.product.id, sku: each.sku, name: each.line.product.name, quantity: each.quantity, unitPriceMinor: each.unitPriceMinor,
      lineTotalMinor: each.quantity * each.unitPriceMinor, priceSetByStaff: set.has(each.sku),
    });
  }
  audit(tx, actor, { entityType: 'quote', entityId: quote.number, action: 'quote.created', after: { account: account.code, memberId: member.id, totalMinor: totals.totalMinor } });
  await tx.flush();
  return quote;
}

/**
 * Sends a draft (or sends an expired quote again, as a new version) valid until `validUntil`:
 * the buyer gets it in their chat with Accept / Decline, and it expires by itself then.
 */
export async function sendQuote(tx: EntityManager, number: string, validUntil: Date, now: Date, actor: Actor): Promise<Quote> {
  const quote = await visibleQuote(tx, number, actor, true);
  if (quote.status !== 'draft' && quote.status !== 'expired') throw new AppError('invalid_transition', `Quote ${number} is ${quote.status}`, { number, status: quote.status });
  if (validUntil <= now) throw new AppError('invalid_input', 'validUntil must be in the future', { validUntil: validUntil.toISOString() });
  if (quote.status === 'expired') quote.version += 1;
  quote.status = 'sent';
  quote.validUntil = validUntil;
  await tx.populate(quote, ['member']);
  audit(tx, actor, { entityType: 'quote', entityId: number, action: 'quote.sent', after: { validUntil: validUntil.toISOString(), version: quote.version } });
  publish(tx, 'quote.sent', { type: 'quote', id: number }, { quoteNumber: number, version: quote.version, validUntil: validUntil.toISOString(), customerId: quote.member.customer.id });
  await tx.flush();
  return quote;
}

/** The buyer declines a sent quote (once; a decided one is 409). */
export async function declineQuote(tx: EntityManager, number: string, actor: Actor): Promise<Quote> {
  const quote = await visibleQuote(tx, number, actor, true);
  if (quote.status !== 'sent') throw new AppError('invalid_transition', `Quote ${number} is ${quote.status}`, { number, status: quote.status });
  quote.status = 'rejected';
  audit(tx, actor, { entityType: 'quote', entityId: number, action: 'quote.rejected' });
  await tx.flush();
  return quote;
}

/**
 * The expiry of one sending: only a quote still `sent`, of that version, past its validity
 * becomes `expired`; an accepted, declined or re-sent one is never touched. True when it expired.
 */
export async function expireQuote(tx: EntityManager, number: string, version: number, now: Date): Promise<boolean> {
  const rows = await tx.execute<Array<{ number: string; customer_id: number }>>(`
    update quote q set status = 'expired', updated_at = now() from account_member m
     where q.number = ? and q.version = ? and q.status = 'sent' and q.valid_until <= ? and m.id = q.member_id
    returning q.number, m.customer_id`, [number, version, now]);
  if (rows.length === 0) return false;
  publish(tx, 'quote.expired', { type: 'quote', id: number }, { quoteNumber: number, version, customerId: rows[0]!.customer_id });
  await tx.flush();
  return true;
}

/**
 * Staff set the unit price of one line of a draft (or an expired quote before sending it
 * again): the line keeps it as a staff price, the totals follow. A sent or decided quote is
 * not repriced (409).
 */
export async function setQuoteLinePrice(tx: EntityManager, number: string, sku: string, unitPriceMinor: number, policy: OrderPolicy, actor: Actor): Promise<Quote> {
  const quote = await visibleQuote(tx, number, actor, true);
  if (quote.status !== 'draft' && quote.status !== 'expired') throw new AppError('invalid_transition', `Quote ${number} is ${quote.status}: its prices are fixed`, { number, status: quote.status });
  const lines = await tx.find(QuoteLine, { quote }, { populate: ['product'], orderBy: { id: 'asc' } });
  const line = lines.find((each) => each.sku === sku);
  if (!line) throw new AppError('not_found', `Quote ${number} has no line ${sku}`, { number, sku });
  const before = line.unitPriceMinor;
  tx.assign(line, { unitPriceMinor, lineTotalMinor: line.quantity * unitPriceMinor, priceSetByStaff: true });
  tx.assign(quote, priceOrder(lines.map((each) => ({ sku: each.sku, quantity: each.quantity, unitPriceMinor: each.unitPriceMinor, kind: each.product.kind })), policy));
  audit(tx, actor, { entityType: 'quote', entityId: number, action: 'quote.price_set', before: { sku, unitPriceMinor: before }, after: { sku, unitPriceMinor } });
  await tx.flush();
  return quote;
}
