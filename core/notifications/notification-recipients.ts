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

/** A chat identity a customer can be notified on. */
export interface ChatIdentity {
  id: number;
  channel: Extract<DeliveryChannel, 'telegram' | 'webchat'>;
  externalId: string;
}

/**
 * Reachable chat identities (Telegram, web chat) of these customers, on channels that are on,
 * by customer: one statement, read as rows.
 */
export async function chatIdentities(em: EntityManager, customerIds: number[], settings: NotificationSettings): Promise<Map<number, ChatIdentity[]>> {
  const channels = (['telegram', 'webchat'] as const).filter((channel) => settings.channels.has(channel));
  const byCustomer = new Map<number, ChatIdentity[]>();
  if (channels.length === 0 || customerIds.length === 0) return byCustomer;
  const rows = await em.execute<Array<{ id: number; customer_id: number; channel: ChatIdentity['channel']; external_id: string }>>(
    `select id, customer_id, channel, external_id from customer_identity
      where customer_id in (?) and channel in (?) and unreachable_at is null order by id`,
    [[...new Set(customerIds)], channels],
  );
  for (const row of rows) {
    const customerId = Number(row.customer_id);
    byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), { id: Number(row.id), channel: row.channel, externalId: row.external_id }]);
  }
  return byCustomer;
}

/** One notification per chat identity of the customer, in the customer's language. */
/** A staff message to a Slack channel or person, when there is one to send it to. */
export function toStaff(recipient: string | undefined, eventId: number, locale: Locale, notice: Notice): PlannedNotification[] {
  return recipient ? [{ eventId, channel: 'slack', recipient, identityId: null, locale, notice }] : [];
}

export function toCustomer(identities: ReadonlyMap<number, ChatIdentity[]>, eventId: number, customer: { id: number; locale: Locale }, notice: Notice): PlannedNotification[] {
  return (identities.get(customer.id) ?? []).map((identity) => ({ eventId, channel: identity.channel, recipient: identity.externalId, identityId: identity.id, locale: customer.locale, notice }));
}
