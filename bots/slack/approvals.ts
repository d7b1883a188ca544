import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import type { Actor } from '../../core/shared/actor.ts';
import { labelOf } from '../i18n/index.ts';
import { actionIds, decidedBlocks, reasonModal, viewIds, type Block } from './blocks.ts';
import { nameOf, onStaffClick, onStaffReason, refuse, say, when, type ConsoleDeps } from './console.ts';

/** "Order X was already approved by Li Lei at 10:32": who made the decision that stands. */
async function alreadyDecided(deps: ConsoleDeps, number: string, actor: Actor): Promise<string> {
  const order = await deps.core.orders.getOrder(number, actor);
  const decision = order.timeline.toReversed().find((entry) => ['confirmed', 'rejected', 'cancelled'].includes(String(entry.to)));
  const decidedBy = decision?.actor.startsWith('staff:') ? await nameOf(deps, decision.actor.slice(6)) : decision?.actor ?? '—';
  return say(deps, 'slack.already_decided', { number, decision: labelOf(deps.locale, 'slack.decision', order.status), name: decidedBy, time: decision ? when(deps, decision.at) : '—' });
}

const lost = (error: unknown) => isAppError(error) && error.code === 'invalid_transition';

/**
 * Approve / Reject on an approval request. The first decision wins (the order row is locked
 * and the transition table refuses a second one); the message is edited to say who decided
 * when; later clicks get "already approved by ...". The customer hears through the outbox.
 */
export function registerApprovals(app: App, deps: ConsoleDeps): void {
  onStaffClick(app, deps, actionIds.approve, 'order.approve', async ({ body, value, client, staff }) => {
    const channel = body.channel?.id;
    try {
      await deps.core.orders.approveOrder(value, staff.actor);
    } catch (error) {
      if (!lost(error)) throw error;
      return refuse(client, channel, body.user.id, await alreadyDecided(deps, value, staff.actor));
    }
    const outcome = say(deps, 'slack.approved_by', { name: staff.name, time: when(deps, new Date()) });
    if (channel && body.message) {
      await client.chat.update({ channel, ts: body.message.ts, text: outcome, blocks: decidedBlocks((body.message.blocks ?? []) as Block[], outcome) as never });
    }
  });

  onStaffClick(app, deps, actionIds.reject, 'order.approve', async ({ body, value, client }) => {
    const metadata = { number: value, channel: body.channel?.id ?? '', ts: body.message?.ts ?? '' };
    const view = reasonModal(viewIds.reject, say(deps, 'slack.reject_modal.title'), say(deps, 'slack.reject_modal.reason'), deps.locale, metadata);
    await client.views.open({ trigger_id: body.trigger_id, view: view as never });
  });

  onStaffReason(app, deps, viewIds.reject, 'order.approve', async ({ reason, metadata, client, staff }) => {
    const { number, channel, ts } = metadata as { number: string; channel: string; ts: string };
    try {
      await deps.core.orders.rejectOrder(number, staff.actor, reason);
    } catch (error) {
      if (!lost(error)) throw error;
      return alreadyDecided(deps, number, staff.actor);
    }
    if (channel && ts) {
      const outcome = say(deps, 'slack.rejected_by', { name: staff.name, time: when(deps, new Date()), reason });
      const history = await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 }).catch(() => null);
      const blocks = (history?.messages?.[0]?.blocks ?? []) as Block[];
      await client.chat.update({ channel, ts, text: outcome, blocks: decidedBlocks(blocks, outcome) as never });
    }
    return null;
  });
}
