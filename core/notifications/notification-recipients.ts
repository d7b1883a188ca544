import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../customers/index.ts';
import type { DeliveryChannel, Notice } from './notice.ts';

/** One notification to write for a relayed event. */
export interface PlannedNotification {
  eventId: number;
  channel: DeliveryChannel;
  recipient: string;
  identityId: number | null;
  locale: Locale;
  notice: Notice;
}

/** Which channels have a working notifier, and where staff messages go. */
export interface NotificationSettings {
  channels: ReadonlySet<DeliveryChannel>;
  /** Slack channel for approval requests; none means staff are not messaged. */
  approvalsChannel?: string | undefined;
  /** Slack channel for new tickets. */
  supportChannel?: string | undefined;
  /** Slack channel for low-stock and integrity alerts. */
  opsChannel?: string | undefined;
  /** Language of staff messages. */
  staffLocale: Locale;
}

/** Where a customer can be notified: a chat identity, or (without one) their e-mail address. */
export interface ChatIdentity {
  /** The identity row (null for an e-mail address from the customer record). */
  id: number | null;
  channel: Extract<DeliveryChannel, 'telegram' | 'webchat' | 'email'>;
  externalId: string;
}

/**
 * What a customer is told by e-mail: order, shipping, delivery, payment and ticket news; not
 * each warehouse step or parcel scan, nor prompts that need a chat button.
 */
const emailKinds: ReadonlySet<Notice['kind']> = new Set([
  'order_confirmed', 'order_awaiting_approval', 'order_approved', 'order_rejected', 'order_approval_expired', 'order_cancelled', 'order_shipped', 'parcel_shipped',
  'order_delivered', 'order_lines_changed', 'order_payment_expired', 'order_credit_hold', 'order_awaiting_buyer_approval', 'payment_overdue', 'payment_received', 'payment_refunded', 'ticket_reply', 'return_decided', 'return_refunded',
]);

/**
 * Where these customers can be notified, by customer: their reachable chat identities
 * (Telegram, web chat) on channels that are on, else their e-mail address when e-mail is on.
 * One statement, read as rows.
 */
export async function chatIdentities(em: EntityManager, customerIds: number[], settings: NotificationSettings): Promise<Map<number, ChatIdentity[]>> {
  const channels = (['telegram', 'webchat'] as const).filter((channel) => settings.channels.has(channel));
  const byCustomer = new Map<number, ChatIdentity[]>();
  if ((channels.length === 0 && !settings.channels.has('email')) || customerIds.length === 0) return byCustomer;
  const rows = await em.execute<Array<{ id: number | null; customer_id: number; channel: ChatIdentity['channel']; external_id: string }>>(
    `with chats as (select id, customer_id, channel, external_id from customer_identity
                     where customer_id in (?) and channel in (?) and unreachable_at is null)
     select id, customer_id, channel, external_id from chats
     union all
     select null, c.id, 'email', c.email from customer c
      where ? and c.id in (?) and c.email is not null and not exists (select 1 from chats where chats.customer_id = c.id)
     order by 1 nulls last`,
    [[...new Set(customerIds)], channels.length > 0 ? channels : [''], settings.channels.has('email'), [...new Set(customerIds)]],
  );
  for (const row of rows) {
    const customerId = Number(row.customer_id);
    byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), { id: row.id === null ? null : Number(row.id), channel: row.channel, externalId: row.external_id }]);
  }
  return byCustomer;
}

/** One notification per chat identity of the customer (or their e-mail address), in the customer's language. */
/** A staff message to a Slack channel or person, when there is one to send it to. */
export function toStaff(recipient: string | undefined, eventId: number, locale: Locale, notice: Notice): PlannedNotification[] {
  return recipient ? [{ eventId, channel: 'slack', recipient, identityId: null, locale, notice }] : [];
}

export function toCustomer(identities: ReadonlyMap<number, ChatIdentity[]>, eventId: number, customer: { id: number; locale: Locale }, notice: Notice): PlannedNotification[] {
  return (identities.get(customer.id) ?? [])
    .filter((identity) => identity.channel !== 'email' || emailKinds.has(notice.kind))
    .map((identity) => ({ eventId, channel: identity.channel, recipient: identity.externalId, identityId: identity.id, locale: customer.locale, notice }));
}
