import type { ServiceContext } from '../shared/service-context.ts';
import { authorize } from '../shared/authorization.ts';
import { requireCustomer, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { Customer, CustomerIdentity, type IdentityChannel, type Locale } from './customer.entity.ts';
import { resolveCustomer, savedAddresses, type CustomerContact, type PostalAddress } from './customer.service.ts';

/** Who a customer is, as a front end needs it. */
export interface CustomerRef {
  id: number;
  name: string;
  locale: Locale;
}

/** Customers and how to reach them. */
export interface CustomerService {
  /**
   * The customer behind a channel identity, created with `contact` on first contact. This is
   * how a front end learns who is talking, so it takes no actor: the identity is the proof.
   */
  resolve(identity: { channel: IdentityChannel; externalId: string }, contact: CustomerContact): Promise<CustomerRef>;
  /** The customer's saved delivery addresses, most recently used first (their own only). */
  savedAddresses(actor: Actor): Promise<Array<PostalAddress & { id: number }>>;
  /** Changes the customer's language; their notifications follow it. */
  setLocale(locale: Locale, actor: Actor): Promise<void>;
  /**
   * The customer proved this phone is theirs (the channel vouches for it: Telegram sends a shared
   * contact of the sender's own account as such). Their chat orders are no longer capped.
   */
  verifyPhone(phone: string, actor: Actor): Promise<void>;
  /** The customer wrote on this channel, so they can be reached there again. */
  markReachable(channel: IdentityChannel, externalId: string): Promise<void>;
}

export function createCustomerService({ uow, clock }: ServiceContext): CustomerService {
  return {
    resolve: (identity, contact) => uow.write(async (tx) => {
      const customer = await resolveCustomer(tx, identity.channel, identity.externalId, contact);
      return { id: customer.id, name: customer.name, locale: customer.locale };
    }),
    savedAddresses: async (actor) => {
      authorize(actor, 'order.place');
      const customerId = requireCustomer(actor);
      return uow.read(async (em) => (await savedAddresses(em, customerId)).map((address) => ({
        id: address.id, line1: address.line1, city: address.city, region: address.region ?? undefined,
        postalCode: address.postalCode ?? undefined, country: address.country,
      })));
    },
    setLocale: async (locale, actor) => {
      const customerId = requireCustomer(actor);
      await uow.write((tx) => tx.nativeUpdate(Customer, { id: customerId }, { locale }));
    },
    verifyPhone: async (phone, actor) => {
      const customerId = requireCustomer(actor);
      const normalized = phone.replace(/[\s()-]/g, '');
      if (!/^\+?\d{5,20}$/.test(normalized)) throw new AppError('invalid_input', 'Not a phone number', { field: 'phone' });
      await uow.write((tx) => tx.nativeUpdate(Customer, { id: customerId }, { phone: normalized, phoneVerifiedAt: clock.now() }));
    },
    markReachable: async (channel, externalId) => {
      // Only an identity marked unreachable is written to: a chat turn costs no write otherwise.
      await uow.write((tx) => tx.nativeUpdate(CustomerIdentity, { channel, externalId, unreachableAt: { $ne: null } }, { unreachableAt: null }));
    },
  };
}
