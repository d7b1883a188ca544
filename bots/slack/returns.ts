import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { actionIds, button, decidedBlocks, reasonModal, viewIds, type Block } from './blocks.ts';
import { onStaffClick, onStaffReason, refuse, say, staffError, type ConsoleDeps, type StaffClick } from './console.ts';

/** The card's text so far, the step just taken, and the buttons of the next one. */
async function nextStep(client: StaffClick['client'], body: StaffClick['body'], outcome: string, buttons: Block[]): Promise<void> {
  if (!body.channel?.id || !body.message) return;
  const blocks = [...decidedBlocks((body.message.blocks ?? []) as Block[], outcome), ...(buttons.length > 0 ? [{ type: 'actions', block_id: 'return', elements: buttons }] : [])];
  await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: outcome, blocks: blocks as never });
}

/**
 * A return's desk in Slack: Approve / Reject (with a reason; the first decision wins, the
 * customer is told), then, when the parcel is back, Received: restock / write off, then Refund
 * (finance). Each step is checked in core and recorded on the card.
 */
export function registerReturns(app: App, deps: ConsoleDeps): void {
  onStaffClick(app, deps, actionIds.approveReturn, 'return.decide', async ({ body, value, client, staff }) => {
    try {
      await deps.core.support.decideReturn(value, true, staff.actor);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'invalid_transition') throw error;
      return refuse(client, body.channel?.id, body.user.id, staffError(deps, error));
    }
    const outcome = say(deps, 'slack.return_approved_by', { name: staff.name });
    // The card stays the return's desk: when the parcel arrives, it is received (restocked or written off) here.
    await nextStep(client, body, outcome, [
      button(say(deps, 'slack.return.restock'), actionIds.restockReturn, value, 'primary'),
      button(say(deps, 'slack.return.write_off'), actionIds.writeOffReturn, value),
    ]);
  });

  for (const [actionId, resolution] of [[actionIds.restockReturn, 'restock'], [actionIds.writeOffReturn, 'write_off']] as const) {
    onStaffClick(app, deps, actionId, 'return.receive', async ({ body, value, client, staff }) => {
      try {
        await deps.core.support.receiveReturn(value, resolution, staff.actor);
      } catch (error) {
        if (!isAppError(error) || error.kind === 'unavailable') throw error;
        return refuse(client, body.channel?.id, body.user.id, staffError(deps, error));
      }
      const outcome = say(deps, resolution === 'restock' ? 'slack.return.restocked_by' : 'slack.return.written_off_by', { name: staff.name });
      await nextStep(client, body, outcome, [button(say(deps, 'slack.return.refund'), actionIds.refundReturn, value, 'primary')]);
    });
  }

  onStaffClick(app, deps, actionIds.refundReturn, 'payment.record', async ({ body, value, client, staff }) => {
    try {
      await deps.core.support.markReturnRefunded(value, staff.actor);
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return refuse(client, body.channel?.id, body.user.id, staffError(deps, error));
    }
    await nextStep(client, body, say(deps, 'slack.return.refunded_by', { name: staff.name }), []);
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
