import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { actionIds, decidedBlocks, reasonModal, viewIds, type Block } from './blocks.ts';
import { onStaffClick, onStaffReason, refuse, say, staffError, type ConsoleDeps } from './console.ts';

/** Approve / Reject (with a reason) on a return request; the first decision wins, the customer is told. */
export function registerReturns(app: App, deps: ConsoleDeps): void {
  onStaffClick(app, deps, actionIds.approveReturn, 'return.decide', async ({ body, value, client, staff }) => {
    try {
      await deps.core.support.decideReturn(value, true, staff.actor);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'invalid_transition') throw error;
      return refuse(client, body.channel?.id, body.user.id, staffError(deps, error));
    }
    const outcome = say(deps, 'slack.return_approved_by', { name: staff.name });
    if (body.channel?.id && body.message) await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: outcome, blocks: decidedBlocks((body.message.blocks ?? []) as Block[], outcome) as never });
  });

  onStaffClick(app, deps, actionIds.rejectReturn, 'return.decide', async ({ body, value, client }) => {
    const view = reasonModal(viewIds.rejectReturn, say(deps, 'slack.return_reject_title'), say(deps, 'slack.reject_modal.reason'), deps.locale, { rma: value, channel: body.channel?.id ?? '', ts: body.message?.ts ?? '' });
    await client.views.open({ trigger_id: body.trigger_id, view: view as never });
  });

  onStaffReason(app, deps, viewIds.rejectReturn, 'return.decide', async ({ reason, metadata, client, staff }) => {
    try {
      await deps.core.support.decideReturn(metadata.rma!, false, staff.actor, reason);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'invalid_transition') throw error;
      return staffError(deps, error);
    }
    if (metadata.channel && metadata.ts) {
      const outcome = say(deps, 'slack.return_rejected_by', { name: staff.name, reason });
      await client.chat.update({ channel: metadata.channel, ts: metadata.ts, text: outcome, blocks: decidedBlocks([], outcome) as never });
    }
    return null;
  });
}
