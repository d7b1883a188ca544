import type { EntityManager } from '@mikro-orm/postgresql';
import { CustomerIdentity, type Locale } from '../customers/index.ts';
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

/** Reachable chat identities (Telegram, web chat) of these customers, on channels that are on. */
export async function chatIdentities(em: EntityManager, customerIds: number[], settings: NotificationSettings): Promise<CustomerIdentity[]> {
  const channels = (['telegram', 'webchat'] as const).filter((channel) => settings.channels.has(channel));
  if (channels.length === 0 || customerIds.length === 0) return [];
  return em.find(CustomerIdentity, { customer: { $in: customerIds }, channel: { $in: channels }, unreachableAt: null }, { orderBy: { id: 'asc' } });
}

/** One notification per chat identity of the customer, in the customer's language. */
export function toCustomer(identities: CustomerIdentity[], eventId: number, customer: { id: number; locale: Locale }, notice: Notice): PlannedNotification[] {
  return identities
    .filter((identity) => identity.customer.id === customer.id)
    .map((identity) => ({ eventId, channel: identity.channel as DeliveryChannel, recipient: identity.externalId, identityId: identity.id, locale: customer.locale, notice }));
}
