import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

export const identityChannels = ['telegram', 'webchat', 'phone', 'email', 'api', 'slack'] as const;
export type IdentityChannel = (typeof identityChannels)[number];

/** A person or business that orders. Reached through one or more channel identities. */
export const Customer = defineEntity({
  name: 'Customer',
  tableName: 'customer',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200),
    phone: p.string().length(40).nullable(),
    /** When the customer proved `phone` is theirs (a platform-verified contact); chat order caps apply until then. */
    phoneVerifiedAt: p.datetime().nullable(),
    email: p.string().length(200).nullable(),
    locale: p.enum(locales).default('zh-CN'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/**
 * How a customer is known on one channel (Telegram user id, web chat visitor id, phone, e-mail,
 * an API client's reference). Unique per channel, so one identity always means one customer.
 */
export const CustomerIdentity = defineEntity({
  name: 'CustomerIdentity',
  tableName: 'customer_identity',
  properties: {
    id: p.integer().primary().autoincrement(),
    customer: () => p.manyToOne(Customer),
    channel: p.enum(identityChannels),
    externalId: p.string().length(200),
    /** Set when the channel says the customer cannot be reached (e.g. blocked the bot). */
    unreachableAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'customer_identity_channel_external_unique', properties: ['channel', 'externalId'] }],
});

/** A saved delivery address, offered again at the next checkout. */
export const CustomerAddress = defineEntity({
  name: 'CustomerAddress',
  tableName: 'customer_address',
  properties: {
    id: p.integer().primary().autoincrement(),
    customer: () => p.manyToOne(Customer),
    line1: p.string().length(300),
    city: p.string().length(100),
    region: p.string().length(100).nullable(),
    postalCode: p.string().length(20).nullable(),
    country: p.string().length(2),
    lastUsedAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ name: 'customer_address_customer_index', properties: ['customer'] }],
});

export type Customer = InferEntity<typeof Customer>;
export type CustomerIdentity = InferEntity<typeof CustomerIdentity>;
export type CustomerAddress = InferEntity<typeof CustomerAddress>;
