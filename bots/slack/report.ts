import type { App } from '@slack/bolt';
import { digestMessage } from '../reports/digest.blocks.ts';
import { authorizeStaff, say, type ConsoleDeps } from './console.ts';

/** `/report [YYYY-MM-DD]`: the daily digest of a day (default yesterday), just for the asker. */
export function registerReport(app: App, deps: ConsoleDeps): void {
  app.command('/report', async ({ ack, command }) => {
    const access = await authorizeStaff(deps, command.user_id, 'lookup');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const argument = command.text.trim();
    if (argument && !/^\d{4}-\d{2}-\d{2}$/.test(argument)) return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.usage', { usage: '/report 2026-11-21' }) }));
    const message = digestMessage(await deps.core.analytics.dailyReport(argument || undefined, access.staff.actor), deps.locale);
    await ack({ response_type: 'ephemeral', text: message.text, blocks: message.blocks as never });
  });
}
