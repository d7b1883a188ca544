import type { App } from '@slack/bolt';
import { actionIds } from './blocks.ts';
import { onStaffClick, say, when, type ConsoleDeps, type StaffClick } from './console.ts';
import { decideOnCard } from './card-decision.ts';

/** How long a quote sent from its Slack card is valid. */
const validDays = 7;

/**
 * A quote a buyer asked for in chat: [Send (valid 7 days)] puts it in their chat with Accept /
 * Decline, [Decline] tells them no. Staff with the account roles only (checked in core); the
 * first click wins, a later one hears what became of it.
 */
export function registerQuoteCards(app: App, deps: ConsoleDeps): void {
  const decide = (click: StaffClick, send: boolean) => {
    const until = new Date(Date.now() + validDays * 86_400_000);
    return decideOnCard(
      click,
      () => (send ? deps.core.quotes.send(click.value, until, click.staff.actor) : deps.core.quotes.cancel(click.value, click.staff.actor)),
      async () => say(deps, 'slack.quote.already', { number: click.value, status: (await deps.core.quotes.get(click.value, click.staff.actor)).status }),
      () => (send
        ? say(deps, 'slack.quote.sent_by', { name: click.staff.name, time: when(deps, new Date()), until: when(deps, until.toISOString()) })
        : say(deps, 'slack.quote.cancelled_by', { name: click.staff.name, time: when(deps, new Date()) })),
    );
  };
  onStaffClick(app, deps, actionIds.quoteSend, 'account.admin', (click) => decide(click, true));
  onStaffClick(app, deps, actionIds.quoteCancel, 'account.admin', (click) => decide(click, false));
}
