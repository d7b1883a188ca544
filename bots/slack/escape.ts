import type { Notice } from '../../core/notifications/index.ts';

/**
 * Text anyone typed (a customer's name or complaint, an API client's product name, a staff
 * member's reason), made safe for Slack mrkdwn: `&`, `<` and `>` become entities, so
 * `<!channel>` shows as typed instead of pinging a channel, and `<https://evil|Reset>` shows as
 * text instead of a disguised link. Slack's own markup (`<@U123>` mentions) is built after.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Every string in `value` escaped (objects and arrays walked); numbers, booleans and null as they are. */
function escapeDeep<T>(value: T): T {
  if (typeof value === 'string') return escapeMrkdwn(value) as T;
  if (Array.isArray(value)) return value.map((item) => escapeDeep(item)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeDeep(item)])) as T;
  return value;
}

/**
 * A staff notice with everything in it escaped for mrkdwn. Notices hold data only (names,
 * descriptions, numbers, Slack user ids); their markup comes from the message catalogue and
 * from the renderer, which sees the escaped data.
 */
export function escapedNotice(notice: Notice): Notice {
  return escapeDeep(notice);
}

/** Message parameters with their strings escaped (numbers pass as they are). */
export function escapedParams(params: Record<string, string | number>): Record<string, string | number> {
  return escapeDeep(params);
}
