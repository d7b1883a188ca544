import type { App } from '@slack/bolt';
import { isAppError, type AppError } from '../../core/shared/errors.ts';
import { actionIds, decidedBlocks, markdown, reasonModal, ticketBlocks, viewIds, type Block } from './blocks.ts';
import { authorizeStaff, onStaffClick, onStaffReason, refuse, say, staffError, type ConsoleDeps } from './console.ts';
import { escapeMrkdwn } from './escape.ts';
import { labelOf } from '../i18n/index.ts';

/** The message's first text block (the ticket summary, as it was posted). */
function summaryOf(blocks: Block[] | undefined): string {
  const first = blocks?.find((block) => block.type === 'section') as { text?: { text?: string } } | undefined;
  return first?.text?.text ?? '';
}

/** A ticket as the console shows it: number, kind, priority and status, then the customer's description (escaped). */
export function ticketSummary(deps: ConsoleDeps, ticket: { number: string; kind: string; priority: string; status: string; description: string }): string {
  return [
    `*${say(deps, 'slack.ticket.title', { ticket: ticket.number, kind: labelOf(deps.locale, 'ticket.kind', ticket.kind), priority: ticket.priority, status: ticket.status })}*`,
    escapeMrkdwn(ticket.description),
  ].join('\n');
}

const refusedAs = (code: string) => (error: unknown) => isAppError(error) && error.code === code;

/** Ticket buttons (Claim, Resolve with a modal, Escalate) and staff replies in a ticket's thread. */
export function registerTickets(app: App, deps: ConsoleDeps): void {
  const { support } = deps.core;

  onStaffClick(app, deps, actionIds.claim, 'ticket.work', async ({ body, value, client, staff }) => {
    const channel = body.channel?.id;
    try {
      await support.claimTicket(value, staff.actor);
    } catch (error) {
      if (!refusedAs('concurrent_update')(error)) throw error;
      return refuse(client, channel, body.user.id, say(deps, 'slack.ticket_taken', { ticket: value, status: String((error as { details?: { status?: string } }).details?.status) }));
    }
    if (!channel || !body.message) return;
    const status = say(deps, 'slack.claimed_by', { name: staff.name });
    await client.chat.update({ channel, ts: body.message.ts, text: status, blocks: ticketBlocks(summaryOf(body.message.blocks as Block[]), value, deps.locale, status) as never });
  });

  onStaffClick(app, deps, actionIds.escalate, 'ticket.work', async ({ body, value, client, staff }) => {
    const channel = body.channel?.id;
    try {
      await support.escalateTicket(value, staff.actor);
    } catch (error) {
      if (!refusedAs('invalid_transition')(error)) throw error;
      return refuse(client, channel, body.user.id, staffError(deps, error as AppError));
    }
    if (!channel || !body.message) return;
    const status = say(deps, 'slack.escalated_by', { name: staff.name });
    await client.chat.update({ channel, ts: body.message.ts, text: status, blocks: ticketBlocks(summaryOf(body.message.blocks as Block[]), value, deps.locale, status) as never });
    const managers = await deps.core.staff.staffWithRoles(['manager']);
    await client.chat.postMessage({ channel, thread_ts: body.message.ts, text: `${status} ${managers.map((manager) => `<@${manager.slackUserId}>`).join(' ')}`.trim() });
  });

  onStaffClick(app, deps, actionIds.resolve, 'ticket.work', async ({ body, value, client }) => {
    // Only references: Slack keeps at most 3,000 characters of metadata, and a description may be longer.
    const metadata = { ticket: value, channel: body.channel?.id ?? '', ts: body.message?.ts ?? '' };
    const view = reasonModal(viewIds.resolve, say(deps, 'slack.resolve_modal.title'), say(deps, 'slack.resolve_modal.resolution'), deps.locale, metadata);
    await client.views.open({ trigger_id: body.trigger_id, view: view as never });
  });

  onStaffReason(app, deps, viewIds.resolve, 'ticket.work', async ({ reason, metadata, client, staff }) => {
    const { ticket, channel, ts } = metadata;
    try {
      await support.resolveTicket(ticket!, reason, staff.actor);
    } catch (error) {
      if (!refusedAs('invalid_transition')(error)) throw error;
      return staffError(deps, error as AppError);
    }
    if (channel && ts) {
      const outcome = say(deps, 'slack.resolved_by', { name: staff.name, resolution: reason });
      const summary = ticketSummary(deps, await support.getTicket(ticket!, staff.actor));
      await client.chat.update({ channel, ts, text: outcome, blocks: decidedBlocks([markdown(summary)], outcome) as never });
    }
    return null;
  });

  // A staff reply in a ticket's thread goes to the customer's chat; others are told it does not.
  app.event('message', async ({ event, client }) => {
    const message = event as { subtype?: string; bot_id?: string; thread_ts?: string; ts: string; user?: string; text?: string; channel: string };
    if (message.subtype || message.bot_id || !message.thread_ts || message.thread_ts === message.ts || !message.user || !message.text) return;
    const ticket = await deps.core.notifications.ticketByThread(message.thread_ts);
    if (!ticket) return;
    const access = await authorizeStaff(deps, message.user, 'ticket.work');
    if ('refusal' in access) return refuse(client, message.channel, message.user, say(deps, 'slack.reply_not_staff'), message.thread_ts);
    await support.replyToTicket(ticket, message.text, access.staff.actor);
  });
}
