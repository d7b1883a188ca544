import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import type { StaffIdentity } from '../../core/staff/index.ts';
import { formatMoney } from '../i18n/index.ts';
import { actionIds, markdown, ticketBlocks, type Block } from './blocks.ts';
import { authorizeStaff, nameOf, say, statusLabel, when, type ConsoleDeps } from './console.ts';
import { escapeMrkdwn } from './escape.ts';
import { ticketSummary } from './tickets.ts';

const notFound = (error: unknown) => isAppError(error) && error.code === 'not_found';

/** `/order <number>`: summary, timeline and (while it waits) the approval buttons. */
async function orderView(deps: ConsoleDeps, number: string, staff: StaffIdentity): Promise<{ text: string; blocks?: Block[] }> {
  const order = await deps.core.orders.getOrder(number, staff.actor).catch((error: unknown) => (notFound(error) ? null : Promise.reject(error)));
  if (!order) return { text: say(deps, 'slack.order.not_found', { number }) };
  const money = (minor: number) => formatMoney(minor, order.currency, deps.locale);
  const text = [
    `*${say(deps, 'slack.order.title', { number: order.number, status: statusLabel(deps, order.status) })}*`,
    say(deps, 'slack.order.customer', { customer: order.customer.name, channel: order.channel }),
    ...order.lines.map((line) => `• ${escapeMrkdwn(`${line.sku} ${line.name}`)} × ${line.quantity}: ${money(line.lineTotalMinor)}`),
    say(deps, 'order.total', { amount: money(order.totalMinor) }),
    ...order.timeline.map((entry) => `${when(deps, entry.at)} · ${escapeMrkdwn(`${entry.action} · ${entry.actor}${entry.reason ? ` · ${String(entry.reason)}` : ''}`)}`),
  ].join('\n');
  const actions: Block[] = order.status === 'pending_approval' ? [{ type: 'actions', elements: [
    { type: 'button', text: { type: 'plain_text', text: say(deps, 'slack.approve') }, action_id: actionIds.approve, value: order.number, style: 'primary' },
    { type: 'button', text: { type: 'plain_text', text: say(deps, 'slack.reject') }, action_id: actionIds.reject, value: order.number, style: 'danger' },
  ] }] : [];
  return { text, blocks: [markdown(text), ...actions] };
}

async function stockView(deps: ConsoleDeps, sku: string): Promise<{ text: string }> {
  const levels = await deps.core.inventory.stockLevels([sku.toUpperCase()]);
  if (levels.length === 0) return { text: say(deps, 'slack.stock.none', { sku }) };
  return { text: [say(deps, 'slack.stock.title', { sku: levels[0]!.sku }), ...levels.map((level) => say(deps, 'slack.stock.line', { ...level }))].join('\n') };
}

async function ticketView(deps: ConsoleDeps, number: string, staff: StaffIdentity): Promise<{ text: string; blocks?: Block[] }> {
  const ticket = await deps.core.support.getTicket(number.toUpperCase(), staff.actor).catch((error: unknown) => (notFound(error) ? null : Promise.reject(error)));
  if (!ticket) return { text: say(deps, 'slack.ticket.not_found', { ticket: number }) };
  const text = [
    ticketSummary(deps, ticket),
    ...(ticket.assigneeSlackId ? [say(deps, 'slack.ticket.assignee', { name: await nameOf(deps, ticket.assigneeSlackId) })] : []),
  ].join('\n');
  return { text, blocks: ['resolved', 'closed'].includes(ticket.status) ? [markdown(text)] : ticketBlocks(text, ticket.number, deps.locale) };
}

/** `/account <code>`: a company's terms, limit, exposure, overdue and held orders. */
async function accountView(deps: ConsoleDeps, code: string, staff: StaffIdentity): Promise<{ text: string }> {
  const account = await deps.core.accounts.get(code, staff.actor).catch((error: unknown) => (notFound(error) ? null : Promise.reject(error)));
  if (!account) return { text: say(deps, 'slack.account.not_found', { code }) };
  const money = (minor: number) => formatMoney(minor, account.currency, deps.locale);
  return {
    text: [
      `*${escapeMrkdwn(`${account.code} · ${account.name}`)}* (${say(deps, `slack.account.status.${account.status}`)})`,
      say(deps, 'slack.account.terms', {
        terms: say(deps, `slack.account.terms.${account.paymentTerms}`), limit: account.creditLimitMinor === null ? '—' : money(account.creditLimitMinor),
        exposure: money(account.creditExposureMinor), list: account.priceList ?? '—',
      }),
      say(deps, 'slack.account.open', { overdue: account.overdueOrders, overdueAmount: money(account.overdueMinor), held: account.heldOrders }),
      ...account.members.map((member) => `• ${escapeMrkdwn(member.name)} (${member.role}${member.active ? '' : ', —'})`),
    ].join('\n'),
  };
}

const lookups: Record<string, { usage: string; view: (deps: ConsoleDeps, argument: string, staff: StaffIdentity) => Promise<{ text: string; blocks?: Block[] }> }> = {
  '/order': { usage: '/order SO-20261122-000001', view: orderView },
  '/stock': { usage: '/stock TEA-LJ-250', view: stockView },
  '/ticket': { usage: '/ticket T-000001', view: ticketView },
  '/account': { usage: '/account ACME', view: accountView },
};

/** Look-up commands, answered only to the staff member who asked (ephemeral). */
export function registerCommands(app: App, deps: ConsoleDeps): void {
  for (const [name, lookup] of Object.entries(lookups)) {
    app.command(name, async ({ ack, command }) => {
      const access = await authorizeStaff(deps, command.user_id, 'lookup');
      if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
      const argument = command.text.trim().split(/\s+/)[0] ?? '';
      if (!argument) return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.usage', { usage: lookup.usage }) }));
      const answer = await lookup.view(deps, argument.toUpperCase(), access.staff);
      await ack({ response_type: 'ephemeral', text: answer.text, ...(answer.blocks && { blocks: answer.blocks as never }) });
    });
  }
}
