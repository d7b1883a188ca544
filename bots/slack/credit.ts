import type { App } from '@slack/bolt';
import { labelOf } from '../i18n/index.ts';
import { actionIds } from './blocks.ts';
import { onStaffClick, say, when, type ConsoleDeps, type StaffClick } from './console.ts';
import { decideOnCard } from './card-decision.ts';

/**
 * The credit-hold card: [Release (override)] and [Cancel] for staff with the `credit` role (core
 * checks it again and audits the override). The first click wins; a later one hears the order's
 * status now. The card is edited to say who decided when; the buyer hears through the outbox.
 */
export function registerCreditHolds(app: App, deps: ConsoleDeps): void {
  const decide = (click: StaffClick, release: boolean) => decideOnCard(
    click,
    () => (release ? deps.core.orders.releaseCreditHold(click.value, click.staff.actor) : deps.core.orders.cancelOrder(click.value, click.staff.actor, 'credit_hold_cancelled')),
    async () => say(deps, 'slack.credit.already', { number: click.value, status: labelOf(deps.locale, 'status', (await deps.core.orders.getOrder(click.value, click.staff.actor)).status) }),
    () => say(deps, release ? 'slack.credit.released_by' : 'slack.credit.cancelled_by', { name: click.staff.name, time: when(deps, new Date()) }),
  );
  onStaffClick(app, deps, actionIds.creditRelease, 'credit.release', (click) => decide(click, true));
  onStaffClick(app, deps, actionIds.creditCancel, 'credit.release', (click) => decide(click, false));
}
