import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { actionIds, reasonModal, viewIds } from './blocks.ts';
import { onStaffClick, onStaffReason, say, staffError, type ConsoleDeps } from './console.ts';

/**
 * *Contact customer* under an order waiting for a person: a modal for the message, which goes
 * to the customer's chat (or e-mail) as a reply in a ticket about the order, so their answer
 * comes back to the support channel's thread like any ticket's.
 */
export function registerContact(app: App, deps: ConsoleDeps): void {
  onStaffClick(app, deps, actionIds.contact, 'ticket.work', async ({ body, value, client }) => {
    const view = reasonModal(viewIds.contact, say(deps, 'slack.contact.title'), say(deps, 'slack.contact.message', { number: value }), deps.locale, { order: value });
    await client.views.open({ trigger_id: body.trigger_id, view: view as never });
  });

  onStaffReason(app, deps, viewIds.contact, 'ticket.work', async ({ reason, metadata, client, staff }) => {
    const number = metadata.order!;
    try {
      const ticket = await deps.core.support.openTicket({
        kind: 'inquiry', description: say(deps, 'slack.contact.ticket', { number }), channel: 'slack', orderNumber: number, actor: staff.actor, reuseOpen: true,
      });
      await deps.core.support.replyToTicket(ticket.number, reason, staff.actor);
      await client.chat.postMessage({ channel: staff.slackUserId, text: say(deps, 'slack.contact.sent', { number, ticket: ticket.number }) });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return staffError(deps, error);
    }
    return null;
  });
}
