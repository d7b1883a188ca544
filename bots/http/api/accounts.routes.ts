import { z } from 'zod';
import type { CoreServices } from '../../../core/services.ts';
import { operation, type Operation } from './operation.ts';
import { orderNumber } from './fulfilment.schemas.ts';
import { orderSchema } from './schemas.ts';
import {
  accountCreateSchema, accountPatchSchema, accountPricesSchema, accountSchema, memberCreateSchema, memberKeyCreatedSchema, memberKeySchema,
  priceItemSchema, priceListCreateSchema, priceListSchema, pricesQuerySchema,
} from './accounts.schemas.ts';

const tag = 'Company accounts';
const account = { code: z.string().min(1).max(32).meta({ examples: ['ACME'] }) };
const list = { code: z.string().min(1).max(32).meta({ examples: ['WHOLESALE-A'] }) };

/** Company accounts (terms, credit, members, member keys, prices), price lists and credit holds. */
export function accountOperations({ accounts, catalog, staff, orders }: CoreServices): Operation[] {
  return [
    operation({
      method: 'post', path: '/accounts', tag, summary: 'Create a company account', permission: 'account.admin',
      body: accountCreateSchema, status: 201, response: accountSchema, errors: ['already_exists', 'not_found', 'invalid_input'],
      example: { code: 'ACME', name: 'Acme Trading Ltd', currency: 'CNY', priceList: 'WHOLESALE-A', paymentTerms: 'net_30', creditLimitMinor: 1_000_000 },
      handle: ({ body, caller }) => accounts.create(body, caller.actor),
    }),
    operation({
      method: 'get', path: '/accounts/:code', tag, summary: 'An account: terms, limit, exposure, overdue and held orders, members', permission: 'account.read',
      description: 'A member\'s key sees its own account only (another is 404); buyers and viewers do not see the limit.',
      params: account, response: accountSchema, errors: ['not_found'],
      handle: ({ params, caller }) => accounts.get(params.code, caller.actor),
    }),
    operation({
      method: 'patch', path: '/accounts/:code', tag, summary: 'Change terms, limit, price list, policy or status', permission: 'account.admin',
      description: 'A higher limit (or an account made active again) releases held orders that now fit, oldest first.',
      params: account, body: accountPatchSchema, example: { creditLimitMinor: 2_000_000 }, response: accountSchema, errors: ['not_found', 'invalid_input'],
      handle: ({ params, body, caller }) => accounts.update(params.code, body, caller.actor),
    }),
    operation({
      method: 'post', path: '/accounts/:code/members', tag, summary: 'Add a person to an account (admin, buyer or viewer)', permission: 'account.admin',
      params: account, body: memberCreateSchema, status: 201, response: accountSchema, errors: ['not_found', 'already_exists'],
      example: { channel: 'telegram', externalId: '501234567', name: 'Wang Fang', locale: 'zh-CN', role: 'buyer', orderLimitMinor: 500_000 },
      handle: ({ params, body, caller }) => accounts.addMember(params.code, {
        identity: { channel: body.channel, externalId: body.externalId }, name: body.name, locale: body.locale, role: body.role,
        orderLimitMinor: body.orderLimitMinor, monthlyLimitMinor: body.monthlyLimitMinor,
      }, caller.actor),
    }),
    operation({
      method: 'post', path: '/accounts/:code/members/:member/api-keys', tag, summary: 'Issue an API key for a member (their ERP orders as them)', permission: 'account.admin',
      description: 'The key acts as that member: orders are placed for the account at its prices and terms; it reads that customer\'s orders only. Shown once.',
      params: { ...account, member: z.coerce.number().int().positive().meta({ examples: [1] }) }, body: memberKeySchema, optionalBody: true, example: { name: 'Acme ERP' }, status: 201, response: memberKeyCreatedSchema, errors: ['not_found'],
      handle: async ({ params, body, caller }) => {
        const key = await staff.createMemberKey(params.code, params.member, body?.name ?? '', caller.actor);
        return { id: key.id, name: key.name, key: key.plain };
      },
    }),
    operation({
      method: 'get', path: '/accounts/:code/prices', tag, summary: 'The account\'s prices and quantity tiers', permission: 'account.read',
      description: 'Tiers apply to all units of a line: 48 at the 48+ price all cost that price.',
      params: account, query: pricesQuerySchema, response: accountPricesSchema, errors: ['not_found'],
      handle: async ({ params, query, caller }) => ({ items: await accounts.prices(params.code, (query.sku ?? '').split(',').map((each) => each.trim()).filter(Boolean), caller.actor) }),
    }),
    operation({
      method: 'post', path: '/price-lists', tag, summary: 'Create a price list (optionally falling back on a parent list)', permission: 'account.admin',
      body: priceListCreateSchema, status: 201, response: priceListSchema, errors: ['already_exists', 'not_found', 'invalid_input'],
      example: { code: 'WHOLESALE-A', name: 'Wholesale A', currency: 'CNY', parent: 'WHOLESALE' },
      handle: ({ body, caller }) => catalog.createPriceList(body, caller.actor),
    }),
    operation({
      method: 'get', path: '/price-lists/:code', tag, summary: 'A price list with its items', permission: 'account.admin',
      params: list, response: priceListSchema, errors: ['not_found'],
      handle: ({ params, caller }) => catalog.getPriceList(params.code, caller.actor),
    }),
    operation({
      method: 'put', path: '/price-lists/:code/items', tag, summary: 'Set one price: a product or a category, from a quantity on, fixed or a discount', permission: 'account.admin',
      description: 'The same product or category, tier and start replaces the earlier price. Orders and quotes already priced keep theirs.',
      params: list, body: priceItemSchema, example: { sku: 'TEA-001', minQuantity: 12, unitPriceMinor: 900 },
      response: priceListSchema, errors: ['not_found', 'invalid_input', 'quantity_rule'],
      handle: ({ params, body, caller }) => catalog.setPriceItem(params.code, {
        ...body, validFrom: body.validFrom ? new Date(body.validFrom) : undefined, validTo: body.validTo ? new Date(body.validTo) : undefined,
      }, caller.actor),
    }),
    operation({
      method: 'post', path: '/orders/:number/credit-release', tag, summary: 'Release an order on credit hold (credit override, audited)', permission: 'credit.release',
      params: { number: orderNumber.meta({ examples: ['SO-20261206-000042'] }) }, response: orderSchema, errors: ['not_found', 'invalid_transition', 'forbidden'],
      handle: ({ params, caller }) => orders.releaseCreditHold(params.number, caller.actor),
    }),
  ];
}
