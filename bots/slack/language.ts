import type { App } from '@slack/bolt';
import type { Locale } from '../../core/customers/index.ts';
import { t } from '../i18n/index.ts';
import { authorizeStaff, say, type ConsoleDeps } from './console.ts';

/** What a staff member may type after `/lang`. */
function localeOf(text: string): Locale | null {
  const value = text.trim().toLowerCase();
  if (['zh', 'zh-cn', 'cn', 'chinese', '中文', '简体中文'].includes(value)) return 'zh-CN';
  if (['en', 'en-us', 'en-gb', 'english', '英文', '英语'].includes(value)) return 'en';
  return null;
}

/**
 * `/lang en|zh-CN`: the language of everything the console shows this staff member (replies,
 * modals, refusals, their direct messages); without an argument it says which one is theirs.
 */
export function registerLanguage(app: App, deps: ConsoleDeps): void {
  app.command('/lang', async ({ ack, command }) => {
    const access = await authorizeStaff(deps, command.user_id, 'lookup');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const chosen = localeOf(command.text);
    if (!chosen) return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.lang.usage', { current: deps.locale }) }));
    await deps.core.staff.setLocale(access.staff.slackUserId, chosen);
    await ack({ response_type: 'ephemeral', text: t(chosen, 'slack.lang.set') });
  });
}
