import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { labelOf } from '../i18n/index.ts';
import { actionIds, decidedBlocks, type Block } from './blocks.ts';
import { onStaffClick, refuse, say, when, type ConsoleDeps, type StaffClick } from './console.ts';

/**
 * The credit-hold card: [Release (override)] and [Cancel] for staff with the `credit` role (core
 * checks it again and audits the override). The first click wins; a later one hears the order's
 * status now. The card is edited to say who decided when; the buyer hears through the outbox.
 */
export function registerCreditHolds(app: App, deps: ConsoleDeps): void {
  const decide = async ({ body, value, client, staff }: StaffClick, release: boolean) => {
    const channel = body.channel?.id;
    try {
      if (release) await deps.core.orders.releaseCreditHold(value, staff.actor);
      else await deps.core.orders.cancelOrder(value, staff.actor, 'credit_hold_cancelled');
    } catch (error) {
      if (!isAppError(error) || error.code !== 'invalid_transition') throw error;
      const order = await deps.core.orders.getOrder(value, staff.actor);
      return refuse(client, channel, body.user.id, say(deps, 'slack.credit.already', { number: value, status: labelOf(deps.locale, 'status', order.status) }));
    }
    const outcome = say(deps, release ? 'slack.credit.released_by' : 'slack.credit.cancelled_by', { name: staff.name, time: when(deps, new Date()) });
    if (channel && body.message) {
      await client.chat.update({ channel, ts: body.message.ts, text: outcome, blocks: decidedBlocks((body.message.blocks ?? []) as Block[], outcome) as never });
    }
  };
  onStaffClick(app, deps, actionIds.creditRelease, 'credit.release', (click) => decide(click, true));
  onStaffClick(app, deps, actionIds.creditCancel, 'credit.release', (click) => decide(click, false));
}
