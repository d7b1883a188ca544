import type { EntityManager } from '@mikro-orm/postgresql';
import type { CoreServices } from '../../core/services.ts';
import type { Logger } from '../../core/shared/logger.ts';
import type { OrderPolicy } from '../../core/orders/index.ts';
import type { CatalogItem } from '../../core/catalog/index.ts';
import type { ChatButton, ConversationChannel } from '../../core/messaging/index.ts';
import { Customer, CustomerIdentity, resolveCustomer, type Locale } from '../../core/customers/index.ts';
import { formatDate, formatMoney, t, type MessageKey } from '../i18n/index.ts';
import { encodeCallback, type CallbackData } from './callback-data.ts';
import type { ChatProfile, Reply } from './io.ts';
import type { ConversationState } from './state.ts';

/** What every conversation turn may use. */
export interface ConversationDeps {
  core: CoreServices;
  /** Pricing rules (for FAQ answers about delivery fees). */
  policy: OrderPolicy;
  /** Business time zone for dates. */
  timeZone: string;
  defaultLocale: Locale;
  logger: Logger;
  /** Days after delivery a return may be requested. @default 7 */
  returnWindowDays?: number;
}

/**
 * One update being handled for one chat: the language, the state to change, the customer
 * behind the chat, and helpers to say things. Features read and change it; the engine saves it.
 */
export class Turn {
  readonly deps: ConversationDeps;
  readonly channel: ConversationChannel;
  readonly chatId: string;
  readonly profile: ChatProfile;
  locale: Locale;
  state: ConversationState;
  customerId: number | null;

  constructor(init: { deps: ConversationDeps; channel: ConversationChannel; chatId: string; profile: ChatProfile; locale: Locale; state: ConversationState; customerId: number | null }) {
    this.deps = init.deps;
    this.channel = init.channel;
    this.chatId = init.chatId;
    this.profile = init.profile;
    this.locale = init.locale;
    this.state = init.state;
    this.customerId = init.customerId;
  }

  /** A fresh EntityManager for a read (never the conversation's transaction). */
  em(): EntityManager {
    return this.deps.core.orm.em.fork();
  }

  say(key: MessageKey, params: Record<string, string | number> = {}): string {
    return t(this.locale, key, params);
  }

  button(key: MessageKey, data: CallbackData, params: Record<string, string | number> = {}): ChatButton {
    return { label: this.say(key, params), data: encodeCallback(data) };
  }

  /** A button with a label that is not from the catalogue (a product name). */
  rawButton(label: string, data: CallbackData): ChatButton {
    return { label, data: encodeCallback(data) };
  }

  reply(text: string, buttons?: ChatButton[][], edit = false): Reply {
    return { text, ...(buttons && { buttons }), ...(edit && { edit }) };
  }

  money(minor: number, currency: string): string {
    return formatMoney(minor, currency, this.locale);
  }

  date(iso: string): string {
    return formatDate(iso, this.locale, this.deps.timeZone);
  }

  productName(item: Pick<CatalogItem, 'name' | 'nameZh'>): string {
    return this.locale === 'zh-CN' && item.nameZh ? item.nameZh : item.name;
  }

  /**
   * The customer behind this chat, created on first need in its own committed transaction
   * (so `placeOrder`, which runs in another transaction, finds it).
   */
  async customer(): Promise<number> {
    if (this.customerId !== null) return this.customerId;
    const em = this.em();
    const customer = await resolveCustomer(em, this.channel, this.chatId, { name: this.profile.name, locale: this.locale });
    this.customerId = customer.id;
    return customer.id;
  }

  /** Changes the chat language and the customer's (their notifications follow). */
  async setLocale(locale: Locale): Promise<void> {
    this.locale = locale;
    const customerId = await this.customer();
    await this.em().nativeUpdate(Customer, { id: customerId }, { locale });
  }

  /** The customer wrote to us, so they can be reached again on this channel. */
  async markReachable(): Promise<void> {
    await this.em().nativeUpdate(CustomerIdentity, { channel: this.channel, externalId: this.chatId, unreachableAt: { $ne: null } }, { unreachableAt: null });
  }
}
