import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { actionIds, decidedBlocks, type Block } from './blocks.ts';
import { onStaffClick, refuse, say, when, type ConsoleDeps, type StaffClick } from './console.ts';

/** How long a quote sent from its Slack card is valid. */
const validDays = 7;

/**
 * A quote a buyer asked for in chat: [Send (valid 7 days)] puts it in their chat with Accept /
 * Decline, [Decline] tells them no. Staff with the account roles only (checked in core); the
 * first click wins, a later one hears what became of it.
 */
export function registerQuoteCards(app: App, deps: ConsoleDeps): void {
  const decide = async ({ body, value, client, staff }: StaffClick, send: boolean) => {
    const channel = body.channel?.id;
    const until = new Date(Date.now() + validDays * 86_400_000);
    try {
      if (send) await deps.core.quotes.send(value, until, staff.actor);
      else await deps.core.quotes.cancel(value, staff.actor);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'invalid_transition') throw error;
      const quote = await deps.core.quotes.get(value, staff.actor);
      return refuse(client, channel, body.user.id, say(deps, 'slack.quote.already', { number: value, status: quote.status }));
    }
    const outcome = send
      ? say(deps, 'slack.quote.sent_by', { name: staff.name, time: when(deps, new Date()), until: when(deps, until.toISOString()) })
      : say(deps, 'slack.quote.cancelled_by', { name: staff.name, time: when(deps, new Date()) });
    if (channel && body.message) {
      await client.chat.update({ channel, ts: body.message.ts, text: outcome, blocks: decidedBlocks((body.message.blocks ?? []) as Block[], outcome) as never });
    }
  };
  onStaffClick(app, deps, actionIds.quoteSend, 'account.admin', (click) => decide(click, true));
  onStaffClick(app, deps, actionIds.quoteCancel, 'account.admin', (click) => decide(click, false));
}
