import type { CoreServices } from '../../core/services.ts';
import type { Logger } from '../../core/shared/logger.ts';
import type { OrderPolicy } from '../../core/orders/index.ts';
import type { CatalogItem } from '../../core/catalog/index.ts';
import type { ChatButton, ConversationChannel } from '../../core/conversations/index.ts';
import type { Locale } from '../../core/customers/index.ts';
import { customerActor, type Actor } from '../../core/shared/actor.ts';
import { formatDate, formatDateTime, formatMoney, t, type MessageKey } from '../i18n/index.ts';
import { encodeCallback, type CallbackData } from './callback-data.ts';
import type { ChatProfile, Reply } from './io.ts';
import type { ConversationState } from './state.ts';
import type { CountryCode } from 'libphonenumber-js';

/** What every conversation turn may use. */
export interface ConversationDeps {
  core: CoreServices;
  /** Pricing rules (delivery fees for the FAQ, the most units per line). */
  policy: OrderPolicy;
  /** Business time zone for dates. */
  timeZone: string;
  defaultLocale: Locale;
  logger: Logger;
  /** Days after delivery a return may be requested. @default 7 */
  returnWindowDays?: number;
  /** Where a phone number written without a country code is from. @default 'CN' */
  phoneRegion?: CountryCode;
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

  /** Whether this chat's orders are capped as a self-serve customer's (until they verify their phone; never a company's buyer). */
  get capped(): boolean {
    return this.state.phoneVerified !== true && this.state.companyBuyer !== true;
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

  dateTime(iso: string): string {
    return formatDateTime(iso, this.locale, this.deps.timeZone);
  }

  productName(item: Pick<CatalogItem, 'name' | 'nameZh'>): string {
    return this.locale === 'zh-CN' && item.nameZh ? item.nameZh : item.name;
  }

  /**
   * The customer behind this chat, created on first need. Like every core call of the turn,
   * this joins the turn's transaction: it commits with the turn, or not at all.
   */
  async customer(): Promise<number> {
    if (this.customerId !== null) return this.customerId;
    const customer = await this.deps.core.customers.resolve({ channel: this.channel, externalId: this.chatId }, { name: this.profile.name, locale: this.locale });
    this.customerId = customer.id;
    return customer.id;
  }

  /** The customer as the actor of a core call (created on first need). */
  async actor(): Promise<Actor> {
    return customerActor(await this.customer());
  }

  /** Changes the chat language and the customer's (their notifications follow). */
  async setLocale(locale: Locale): Promise<void> {
    this.locale = locale;
    await this.deps.core.customers.setLocale(locale, await this.actor());
  }
}
