import { AsyncLocalStorage } from 'node:async_hooks';
import type { AnyMiddlewareArgs, App, BlockAction, ButtonAction, Middleware, ViewSubmitAction, webApi } from '@slack/bolt';
import type { CoreServices } from '../../core/services.ts';
import type { Locale } from '../../core/customers/index.ts';
import type { Logger } from '../../core/shared/logger.ts';
import type { Config } from '../../core/shared/config.ts';
import { roleAllows, type Permission } from '../../core/shared/authorization.ts';
import type { StaffIdentity } from '../../core/staff/index.ts';
import { isMessageKey, labelOf, t, type MessageKey } from '../i18n/index.ts';
import { escapedParams, escapeMrkdwn } from './escape.ts';
import type { AppError } from '../../core/shared/errors.ts';

/** What every console handler uses. */
export interface ConsoleDeps {
  core: CoreServices;
  logger: Logger;
  /** The language of the staff member behind the request being handled (`/lang`), else DEFAULT_LOCALE. */
  readonly locale: Locale;
  /** The language of shared channels (DEFAULT_LOCALE). */
  channelLocale: Locale;
  timeZone: string;
  /** Where decisions for managers are posted (count approvals); none: the asker's direct messages. */
  managersChannel: string | undefined;
  /** Where a warehouse's pick lists go (SLACK_WAREHOUSE_CHANNELS, else the ops channel). */
  warehouseChannel(code: string): string | undefined;
  /** The app's public address, for links (the pick list's scan page). */
  publicUrl: string;
}

/** The Slack user behind the request being handled, and the staff member they are (null: a stranger). */
interface Requester {
  slackUserId: string;
  staff: StaffIdentity | null;
}

const requester = new AsyncLocalStorage<Requester>();

/** The console's dependencies; `locale` follows the staff member behind each request. */
export function consoleDeps(
  core: CoreServices, logger: Logger,
  config: Pick<Config, 'DEFAULT_LOCALE' | 'REPORT_TIMEZONE' | 'SLACK_MANAGERS_CHANNEL' | 'SLACK_WAREHOUSE_CHANNELS' | 'SLACK_OPS_CHANNEL' | 'PUBLIC_URL'>,
): ConsoleDeps {
  const channelLocale = config.DEFAULT_LOCALE;
  const warehouses = new Map((config.SLACK_WAREHOUSE_CHANNELS ?? '').split(',').map((pair) => pair.split('=').map((part) => part.trim())).filter((pair) => pair.length === 2 && pair[0] && pair[1]) as Array<[string, string]>);
  return {
    core, logger, channelLocale, timeZone: config.REPORT_TIMEZONE, managersChannel: config.SLACK_MANAGERS_CHANNEL, publicUrl: config.PUBLIC_URL,
    warehouseChannel: (code) => warehouses.get(code) ?? config.SLACK_OPS_CHANNEL,
    get locale() { return requester.getStore()?.staff?.locale ?? channelLocale; },
  };
}

/** A console message for a shared channel: in the shop's language, whoever triggered it. */
export function sayInChannel(deps: ConsoleDeps, key: MessageKey, params: Record<string, string | number> = {}): string {
  return t(deps.channelLocale, key, escapedParams(params));
}

/** The user who sent a request: action and view payloads name `user`, commands `user_id`, events `event.user`. */
function userOf(body: unknown): string | null {
  const payload = body as { user?: { id?: string } | string; user_id?: string; event?: { user?: string } };
  const user = typeof payload.user === 'string' ? payload.user : payload.user?.id ?? payload.user_id ?? payload.event?.user;
  return typeof user === 'string' ? user : null;
}

/**
 * Global middleware: identifies the staff member behind each request once, so every listener
 * answers in their language and the role checks below need no second lookup.
 */
export function staffLanguage(deps: ConsoleDeps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const slackUserId = userOf(body);
    const staff = slackUserId ? await deps.core.staff.identify(slackUserId) : null;
    await requester.run({ slackUserId: slackUserId ?? '', staff }, next);
  };
}

/**
 * A console message in the console's language. Its parameters are data (names, reasons,
 * descriptions anyone may have typed) and are escaped for mrkdwn; the markup is the catalogue's.
 */
export function say(deps: ConsoleDeps, key: MessageKey, params: Record<string, string | number> = {}): string {
  return t(deps.locale, key, escapedParams(params));
}

/** A time of day (and date) in the business time zone, for "approved by ... at ...". */
export function when(deps: ConsoleDeps, at: Date | string): string {
  return new Intl.DateTimeFormat(deps.locale, { dateStyle: 'short', timeStyle: 'short', timeZone: deps.timeZone }).format(new Date(at));
}

/**
 * The staff member behind a Slack user when their role allows `permission`; otherwise the
 * refusal to show them (and nothing else happens). Checked on every action, command and view,
 * as a first line: core checks the same permission again on the actor it minted.
 */
export async function authorizeStaff(deps: ConsoleDeps, slackUserId: string, permission: Permission): Promise<{ staff: StaffIdentity } | { refusal: string }> {
  const known = requester.getStore();
  const staff = known?.slackUserId === slackUserId ? known.staff : await deps.core.staff.identify(slackUserId);
  if (!staff) return { refusal: say(deps, 'slack.not_staff') };
  if (!roleAllows(staff.role, permission)) return { refusal: say(deps, 'slack.not_allowed', { role: staff.role }) };
  return { staff };
}

/**
 * What a staff member is told when core refused: in English the core's own words (precise),
 * in Chinese the refusal's kind in Chinese, never an English sentence.
 */
export function staffError(deps: ConsoleDeps, error: AppError): string {
  if (deps.locale === 'en') return escapeMrkdwn(error.message);
  const key = `slack.error.${error.code}`;
  return isMessageKey(key) ? say(deps, key, { code: error.code }) : say(deps, 'slack.error.generic', { code: error.code });
}

/** Tells only the clicking user why nothing happened. */
export async function refuse(client: webApi.WebClient, channel: string | undefined, user: string, text: string, threadTs?: string): Promise<void> {
  await client.chat.postEphemeral({ channel: channel ?? user, user, text, ...(threadTs && { thread_ts: threadTs }) });
}

export async function nameOf(deps: ConsoleDeps, slackUserId: string): Promise<string> {
  return deps.core.staff.staffName(slackUserId);
}

/** An order status in the console's language. */
export function statusLabel(deps: ConsoleDeps, status: string): string {
  return labelOf(deps.locale, 'status', status);
}

/** What a staff button handler gets once the clicking user passed the role check. */
export interface StaffClick {
  body: BlockAction<ButtonAction>;
  /** The button's value (an order or ticket number). */
  value: string;
  client: webApi.WebClient;
  staff: StaffIdentity;
}

/**
 * Registers a button handler that acks at once (Slack wants it within 3 s), checks the
 * clicking user's role, and refuses privately without calling `handler` when it does not fit.
 */
export function onStaffClick(app: App, deps: ConsoleDeps, actionId: string, permission: Permission, handler: (click: StaffClick) => Promise<void>): void {
  app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
    await ack();
    const access = await authorizeStaff(deps, body.user.id, permission);
    if ('refusal' in access) return refuse(client, body.channel?.id, body.user.id, access.refusal);
    await handler({ body, value: action.value ?? '', client, staff: access.staff });
  });
}

/** What a reason-modal handler gets: the text typed, the modal's metadata and the staff member. */
export interface StaffReason {
  reason: string;
  metadata: Record<string, string>;
  client: webApi.WebClient;
  staff: StaffIdentity;
}

/**
 * Registers the submission of a one-field modal (reject reason, ticket resolution): role
 * checked again, an empty field refused under the field. `handler` returns an error to show
 * under the field, or null to close the modal.
 */
export function onStaffReason(app: App, deps: ConsoleDeps, callbackId: string, permission: Permission, handler: (submission: StaffReason) => Promise<string | null>): void {
  app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view, client }) => {
    const reason = view.state.values.reason?.value?.value?.trim() ?? '';
    const access = await authorizeStaff(deps, body.user.id, permission);
    if ('refusal' in access) return void (await ack({ response_action: 'errors', errors: { reason: access.refusal } }));
    if (!reason) return void (await ack({ response_action: 'errors', errors: { reason: say(deps, 'slack.error.required') } }));
    const problem = await handler({ reason, metadata: JSON.parse(view.private_metadata) as Record<string, string>, client, staff: access.staff });
    await ack(problem ? { response_action: 'errors', errors: { reason: problem } } : undefined);
  });
}
