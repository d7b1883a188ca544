import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { PriceList } from '../catalog/price-list.entity.ts';
import { AccountMember, CustomerAccount, type AccountStatus, type BackorderPolicy, type MemberRole, type PaymentTerms } from './account.entity.ts';
import { resolveCustomer } from './customer.service.ts';
import { overdueOrderCondition } from './credit-ledger.ts';
import type { IdentityChannel, Locale } from './customer.entity.ts';

export interface AccountInput {
  code: string;
  name: string;
  currency: string;
  priceList?: string | null | undefined;
  paymentTerms?: PaymentTerms | undefined;
  creditLimitMinor?: number | null | undefined;
  backorderPolicy?: BackorderPolicy | undefined;
  creditHoldDays?: number | undefined;
  status?: AccountStatus | undefined;
}

export interface MemberInput {
  /** How the person is reached: their Telegram chat, phone or e-mail (created on first mention). */
  identity: { channel: IdentityChannel; externalId: string };
  name: string;
  locale?: Locale | undefined;
  role: MemberRole;
  orderLimitMinor?: number | null | undefined;
  monthlyLimitMinor?: number | null | undefined;
}

/** What staff see of an account (`GET /accounts/{code}`, Slack `/account`). */
export interface AccountView {
  code: string;
  name: string;
  status: AccountStatus;
  currency: string;
  priceList: string | null;
  paymentTerms: PaymentTerms;
  creditLimitMinor: number | null;
  creditExposureMinor: number;
  /** Unpaid orders past their due date. */
  overdueOrders: number;
  overdueMinor: number;
  /** Orders waiting on credit hold. */
  heldOrders: number;
  backorderPolicy: BackorderPolicy;
  creditHoldDays: number;
  members: Array<{ id: number; customerId: number; name: string; role: MemberRole; orderLimitMinor: number | null; monthlyLimitMinor: number | null; active: boolean }>;
}

export async function findAccount(em: EntityManager, code: string): Promise<CustomerAccount> {
  const account = await em.findOne(CustomerAccount, { code }, { populate: ['priceList'] });
  if (!account) throw new AppError('not_found', `No account ${code}`, { code });
  return account;
}

async function priceListOf(tx: EntityManager, code: string | null | undefined, currency: string): Promise<PriceList | null> {
  if (!code) return null;
  const list = await tx.findOne(PriceList, { code });
  if (!list) throw new AppError('not_found', `No price list ${code}`, { priceList: code });
  if (list.currency !== currency) throw new AppError('invalid_input', `Price list ${code} is in ${list.currency}, the account in ${currency}`, { priceList: code });
  return list;
}

/** Terms other than prepaid need a limit: there is no "0 means unlimited". */
function checkTerms(terms: PaymentTerms, limit: number | null): void {
  if (terms !== 'prepaid' && limit === null) throw new AppError('invalid_input', `Payment terms ${terms} need a creditLimitMinor`, { paymentTerms: terms });
}

export async function createAccount(tx: EntityManager, input: AccountInput, actor: Actor): Promise<CustomerAccount> {
  if (await tx.count(CustomerAccount, { code: input.code })) throw new AppError('already_exists', `Account ${input.code} exists`, { code: input.code });
  const terms = input.paymentTerms ?? 'prepaid';
  checkTerms(terms, input.creditLimitMinor ?? null);
  const account = tx.create(CustomerAccount, {
    code: input.code, name: input.name, currency: input.currency, priceList: await priceListOf(tx, input.priceList, input.currency), paymentTerms: terms,
    creditLimitMinor: input.creditLimitMinor ?? null, backorderPolicy: input.backorderPolicy ?? 'backorder', creditHoldDays: input.creditHoldDays ?? 7,
    status: input.status ?? 'active',
  });
  audit(tx, actor, { entityType: 'account', entityId: input.code, action: 'account.created', after: { ...input } });
  await tx.flush();
  return account;
}

/**
 * Changes terms, limit, list, policy or status, locked against concurrent orders (they raise its
 * exposure). Returns whether credit may now have room (a higher limit, or reactivated).
 */
export async function updateAccount(tx: EntityManager, code: string, patch: Partial<Omit<AccountInput, 'code' | 'currency'>>, actor: Actor): Promise<{ account: CustomerAccount; roomGrew: boolean }> {
  const found = await findAccount(tx, code);
  await tx.refresh(found, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const before = { status: found.status, paymentTerms: found.paymentTerms, creditLimitMinor: found.creditLimitMinor ?? null, priceList: found.priceList?.code ?? null };
  const terms = patch.paymentTerms ?? found.paymentTerms;
  const limit = patch.creditLimitMinor === undefined ? (found.creditLimitMinor ?? null) : patch.creditLimitMinor;
  checkTerms(terms, limit);
  if (patch.priceList !== undefined) found.priceList = await priceListOf(tx, patch.priceList, found.currency);
  tx.assign(found, {
    paymentTerms: terms, creditLimitMinor: limit, ...(patch.name ? { name: patch.name } : {}), ...(patch.status ? { status: patch.status } : {}),
    ...(patch.backorderPolicy ? { backorderPolicy: patch.backorderPolicy } : {}), ...(patch.creditHoldDays ? { creditHoldDays: patch.creditHoldDays } : {}),
  });
  audit(tx, actor, { entityType: 'account', entityId: code, action: 'account.updated', before, after: { ...patch } });
  await tx.flush();
  const roomGrew = (limit ?? 0) > (before.creditLimitMinor ?? 0) || (before.status !== 'active' && found.status === 'active');
  return { account: found, roomGrew };
}

/** Adds a person to an account (one account per person). */
export async function addMember(tx: EntityManager, code: string, input: MemberInput, actor: Actor): Promise<AccountMember> {
  const account = await findAccount(tx, code);
  const customer = await resolveCustomer(tx, input.identity.channel, input.identity.externalId, { name: input.name, locale: input.locale });
  const existing = await tx.findOne(AccountMember, { customer }, { populate: ['account'] });
  if (existing) throw new AppError('already_exists', `This person is already a member of ${existing.account.code}`, { account: existing.account.code });
  const member = tx.create(AccountMember, {
    account, customer, role: input.role, orderLimitMinor: input.orderLimitMinor ?? null, monthlyLimitMinor: input.monthlyLimitMinor ?? null, active: true,
  });
  audit(tx, actor, { entityType: 'account', entityId: code, action: 'account.member_added', after: { customerId: customer.id, role: input.role } });
  await tx.flush();
  return member;
}

export async function accountView(em: EntityManager, account: CustomerAccount): Promise<AccountView> {
  const members = await em.find(AccountMember, { account }, { populate: ['customer'], orderBy: { id: 'asc' } });
  const [figures] = await em.execute<Array<{ overdue_orders: string; overdue_minor: string; held_orders: string }>>(`
    select count(*) filter (where ${overdueOrderCondition('now()')}) as overdue_orders,
           coalesce(sum(o.total_minor) filter (where ${overdueOrderCondition('now()')}), 0) as overdue_minor,
           count(*) filter (where o.status = 'credit_hold') as held_orders
      from "order" o where o.account_id = ? and o.status not in ('cancelled', 'rejected')`, [account.id]);
  return {
    code: account.code, name: account.name, status: account.status, currency: account.currency, priceList: account.priceList?.code ?? null,
    paymentTerms: account.paymentTerms, creditLimitMinor: account.creditLimitMinor ?? null, creditExposureMinor: account.creditExposureMinor,
    overdueOrders: Number(figures!.overdue_orders), overdueMinor: Number(figures!.overdue_minor), heldOrders: Number(figures!.held_orders),
    backorderPolicy: account.backorderPolicy, creditHoldDays: account.creditHoldDays,
    members: members.map((member) => ({
      id: member.id, customerId: member.customer.id, name: member.customer.name, role: member.role,
      orderLimitMinor: member.orderLimitMinor ?? null, monthlyLimitMinor: member.monthlyLimitMinor ?? null, active: member.active,
    })),
  };
}
