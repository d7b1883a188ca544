import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceContext } from '../shared/service-context.ts';
import { authorize } from '../shared/authorization.ts';
import { customerIdOf, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { PriceListItem, Product, priceTiers, type PriceItemFacts } from '../catalog/index.ts';
import { accountView, addMember, createAccount, findAccount, updateAccount, type AccountInput, type AccountView, type MemberInput } from './accounts.ts';
import { AccountMember, type CustomerAccount } from './account.entity.ts';
import { creditMismatches } from './credit-ledger.ts';

/** A buyer's prices: each product's unit price from each tier on (all units of a line take the tier's price). */
export interface AccountPrice {
  sku: string;
  currency: string;
  catalogueMinor: number;
  tiers: Array<{ fromQuantity: number; unitPriceMinor: number }>;
}

/** Company accounts: terms, limits, members and their prices. */
export interface AccountService {
  create(input: AccountInput, actor: Actor): Promise<AccountView>;
  /** A higher limit or a reactivated account tries its held orders again, oldest first. */
  update(code: string, patch: Partial<Omit<AccountInput, 'code' | 'currency'>>, actor: Actor): Promise<AccountView>;
  /** Staff see any account; a member sees their own (the limit only when they are its admin), any other is `not_found`. */
  get(code: string, actor: Actor): Promise<AccountView>;
  addMember(code: string, input: MemberInput, actor: Actor): Promise<AccountView>;
  /** The account's prices and tiers for these products (none named: those its lists name), as intake would charge them now. */
  prices(code: string, skus: string[], actor: Actor): Promise<AccountPrice[]>;
  /**
   * What a chat customer pays, when they buy for a company: its prices and tiers for these
   * products, with the account's name and terms; null for a customer of no account.
   */
  buyerPrices(customerId: number, skus: string[]): Promise<{ account: { code: string; name: string; paymentTerms: string }; prices: AccountPrice[] } | null>;
  /** Accounts whose exposure is not the sum of their credit entries (the hourly integrity check; none expected). */
  creditMismatches(): Promise<Array<{ code: string; exposureMinor: number; ledgerMinor: number }>>;
}

/** Re-evaluates an account's held orders inside the caller's transaction (from `core/orders`, wired by `createCoreServices`). */
export type HeldOrderRecheck = (tx: EntityManager, accountId: number) => Promise<unknown>;

/** The account a member may see; staff and keys with the permission see any. */
async function visibleAccount(em: EntityManager, code: string, actor: Actor): Promise<CustomerAccount> {
  const account = await findAccount(em, code).catch(() => null);
  const own = customerIdOf(actor) === null || actor.member?.accountId === account?.id;
  if (!account || !own) throw new AppError('not_found', `No account ${code}`, { code });
  return account;
}

/** Items of the account's list and its parent, as price resolution reads them. */
export async function accountPriceItems(em: EntityManager, account: CustomerAccount): Promise<PriceItemFacts[]> {
  if (!account.priceList) return [];
  const list = await em.populate(account.priceList, ['parent']);
  const levels = [list, ...(list.parent ? [list.parent] : [])];
  const items = await em.find(PriceListItem, { priceList: { $in: levels.map((level) => level.id) } });
  return items.map((item) => {
    const depth = item.priceList.id === list.id ? 0 : 1;
    return {
      depth, currency: levels[depth]!.currency, productId: item.product?.id ?? null, category: item.category ?? null, minQuantity: item.minQuantity,
      unitPriceMinor: item.unitPriceMinor ?? null, discountBasisPoints: item.discountBasisPoints ?? null, validFrom: item.validFrom, validTo: item.validTo ?? null,
    };
  });
}

async function pricesOf(em: EntityManager, account: CustomerAccount, skus: string[], now: Date): Promise<AccountPrice[]> {
  const items = await accountPriceItems(em, account);
  const named = skus.length > 0 ? { sku: { $in: skus } } : { id: { $in: items.flatMap((item) => (item.productId === null ? [] : [item.productId])) } };
  const products = await em.find(Product, { ...named, active: true }, { orderBy: { sku: 'asc' } });
  return products.map((product) => ({ sku: product.sku, currency: product.currency, catalogueMinor: product.priceMinor, tiers: priceTiers(product, items, now) }));
}

/** The unit price of `quantity` from a product's tiers (all units take the highest tier reached). */
export function tierPrice(tiers: AccountPrice['tiers'], quantity: number): number {
  return tiers.filter((tier) => tier.fromQuantity <= quantity).at(-1)?.unitPriceMinor ?? tiers[0]!.unitPriceMinor;
}

/** The account as `actor` may see it: a buyer or viewer sees terms and exposure, not the limit nor the members. */
async function view(em: EntityManager, account: CustomerAccount, actor: Actor): Promise<AccountView> {
  const shown = await accountView(em, account);
  return actor.member && actor.member.role !== 'admin' ? { ...shown, creditLimitMinor: null, members: [] } : shown;
}

export function createAccountService({ uow, clock }: ServiceContext, recheck: HeldOrderRecheck): AccountService {
  return {
    create: async (input, actor) => {
      authorize(actor, 'account.admin');
      return uow.write(async (tx) => view(tx, await createAccount(tx, input, actor), actor));
    },
    update: async (code, patch, actor) => {
      authorize(actor, 'account.admin');
      return uow.write(async (tx) => {
        const { account, roomGrew } = await updateAccount(tx, code, patch, actor);
        if (roomGrew) await recheck(tx, account.id);
        return view(tx, await tx.refresh(account) ?? account, actor);
      });
    },
    get: async (code, actor) => {
      authorize(actor, 'account.read');
      return uow.read(async (em) => view(em, await visibleAccount(em, code, actor), actor));
    },
    addMember: async (code, input, actor) => {
      authorize(actor, 'account.admin');
      return uow.write(async (tx) => {
        await addMember(tx, code, input, actor);
        return view(tx, await findAccount(tx, code), actor);
      });
    },
    prices: async (code, skus, actor) => {
      authorize(actor, 'account.read');
      return uow.read(async (em) => {
        return pricesOf(em, await visibleAccount(em, code, actor), skus, clock.now());
      });
    },
    buyerPrices: (customerId, skus) => uow.read(async (em) => {
      const member = await em.findOne(AccountMember, { customer: customerId, active: true }, { populate: ['account.priceList'] });
      if (!member) return null;
      const { account } = member;
      return { account: { code: account.code, name: account.name, paymentTerms: account.paymentTerms }, prices: await pricesOf(em, account, skus, clock.now()) };
    }),
    creditMismatches: () => uow.read(creditMismatches),
  };
}
