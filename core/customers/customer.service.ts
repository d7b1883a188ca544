import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { Customer, CustomerAddress, CustomerIdentity, type IdentityChannel, type Locale } from './customer.entity.ts';

/** What a channel knows about the person behind a message or request. */
export interface CustomerContact {
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
  locale?: Locale | undefined;
}

export interface PostalAddress {
  line1: string;
  city: string;
  region?: string | undefined;
  postalCode?: string | undefined;
  country: string;
}

/**
 * Finds the customer behind a channel identity, creating both on first contact. Safe under
 * concurrency: two first messages from the same identity end with one customer (the unique
 * (channel, external_id) index decides, the loser re-reads).
 */
export async function resolveCustomer(em: EntityManager, channel: IdentityChannel, externalId: string, contact: CustomerContact): Promise<Customer> {
  const existing = await findByIdentity(em, channel, externalId);
  if (existing) return existing;
  try {
    // A nested transaction is a savepoint when the caller already runs one, so losing the race
    // below rolls back only these two inserts.
    return await em.transactional(async (tx) => {
      const customer = tx.create(Customer, {
        name: contact.name, phone: contact.phone ?? null, email: contact.email ?? null, locale: contact.locale ?? 'zh-CN',
      });
      tx.create(CustomerIdentity, { customer, channel, externalId });
      await tx.flush();
      return customer;
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    return (await findByIdentity(em, channel, externalId))!;
  }
}

async function findByIdentity(em: EntityManager, channel: IdentityChannel, externalId: string): Promise<Customer | null> {
  const identity = await em.findOne(CustomerIdentity, { channel, externalId }, { populate: ['customer'] });
  return identity ? identity.customer : null;
}

/** Remembers an address for the customer (moving it to the top when it is already saved). */
export async function rememberAddress(em: EntityManager, customerId: number, address: PostalAddress): Promise<void> {
  // Plain statements: this runs inside every order transaction, where hydrating entities costs more than it gives.
  const touched = await em.execute<{ affectedRows: number }>(
    'update customer_address set last_used_at = now() where customer_id = ? and line1 = ? and city = ? and country = ?',
    [customerId, address.line1, address.city, address.country],
    'run',
  );
  if (touched.affectedRows > 0) return;
  await em.execute(
    `insert into customer_address (customer_id, line1, city, region, postal_code, country, last_used_at) values (?, ?, ?, ?, ?, ?, now())`,
    [customerId, address.line1, address.city, address.region ?? null, address.postalCode ?? null, address.country],
    'run',
  );
}

/** Saved addresses, most recently used first. */
export async function savedAddresses(em: EntityManager, customerId: number): Promise<CustomerAddress[]> {
  return em.find(CustomerAddress, { customer: customerId }, { orderBy: { lastUsedAt: 'desc' }, limit: 5 });
}
