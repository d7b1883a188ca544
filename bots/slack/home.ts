import type { App } from '@slack/bolt';
import { formatMoney } from '../i18n/index.ts';
import { markdown, type Block } from './blocks.ts';
import { authorizeStaff, say, type ConsoleDeps } from './console.ts';
import { escapeMrkdwn } from './escape.ts';

/** App Home: the member's queue (my open tickets, orders waiting for approval, open pick lists, counts to finish and approve) and today's figures. */
async function homeBlocks(deps: ConsoleDeps, slackUserId: string): Promise<Block[]> {
  const access = await authorizeStaff(deps, slackUserId, 'lookup');
  if ('refusal' in access) return [markdown(say(deps, 'slack.home.not_staff', { user: slackUserId }))];
  const tickets = await deps.core.support.ticketsAssignedTo(slackUserId);
  const pending = await deps.core.orders.listOrders({ status: 'pending_approval', limit: 10 }, access.staff.actor);
  const today = await deps.core.orders.todaysFigures();
  const pickLists = await deps.core.fulfilment.openPickLists(access.staff.actor);
  const counts = await deps.core.inventory.openCounts(access.staff.actor);
  const none = say(deps, 'slack.home.none');
  const revenue = today.revenue.map((entry) => formatMoney(entry.totalMinor, entry.currency, deps.locale)).join(' + ') || formatMoney(0, 'CNY', deps.locale);
  return [
    { type: 'header', text: { type: 'plain_text', text: say(deps, 'slack.home.title') } },
    markdown(`*${say(deps, 'slack.home.today')}*\n${say(deps, 'slack.home.figures', { orders: today.orders, revenue })}`),
    markdown(`*${say(deps, 'slack.home.my_tickets')}*\n${tickets.map((ticket) => `• ${ticket.number} (${ticket.kind}, ${ticket.priority}): ${escapeMrkdwn(ticket.description.slice(0, 80))}`).join('\n') || none}`),
    markdown(`*${say(deps, 'slack.home.pending')}*\n${pending.items.map((order) => `• ${order.number}: ${formatMoney(order.totalMinor, order.currency, deps.locale)}`).join('\n') || none}`),
    markdown(`*${say(deps, 'slack.home.pick_lists')}*\n${pickLists.map((list) => `• ${say(deps, 'slack.home.pick_list', { ...list })}`).join('\n') || none}`),
    markdown(`*${say(deps, 'slack.home.counts')}*\n${counts.map((count) => `• ${say(deps, 'slack.home.count', { ...count })}`).join('\n') || none}`),
  ];
}

export function registerHome(app: App, deps: ConsoleDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: (await homeBlocks(deps, event.user)) as never } });
  });
}
