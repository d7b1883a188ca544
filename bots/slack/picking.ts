import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import type { PickListView } from '../../core/fulfilment/index.ts';
import { actionIds, context, markdown, plain, type Block } from './blocks.ts';
import { authorizeStaff, onStaffClick, refuse, say, sayInChannel, staffError, type ConsoleDeps } from './console.ts';
import { escapeMrkdwn } from './escape.ts';

/** The pick list as its warehouse channel sees it: lines by bin, Claim, and the scan page's link. */
function pickListBlocks(deps: ConsoleDeps, list: PickListView, printUrl: string): { text: string; blocks: Block[] } {
  const text = sayInChannel(deps, 'slack.pick.posted', { number: list.number, warehouse: list.warehouse, orders: list.orders.length, units: list.lines.reduce((sum, line) => sum + line.quantity, 0) });
  const lines = list.lines.map((line) => `• ${escapeMrkdwn(line.bin ?? '—')} · ${escapeMrkdwn(line.sku)} ${escapeMrkdwn(line.name)} × ${line.quantity} (${line.order})`).join('\n');
  return {
    text,
    blocks: [markdown(`${text}\n${lines}`.slice(0, 2900)), { type: 'actions', block_id: 'pick_list', elements: [
      { type: 'button', text: plain(sayInChannel(deps, 'slack.pick.claim')), action_id: actionIds.claimPickList, value: list.number, style: 'primary' },
      { type: 'button', text: plain(sayInChannel(deps, 'slack.pick.open')), action_id: actionIds.openPickList, url: printUrl },
    ] }],
  };
}

/**
 * `/pick [warehouse]`: batches the warehouse's confirmed orders into a pick list and posts it to
 * that warehouse's channel with *Claim* (the first claim wins) and the scan page, where the
 * picker scans, reports what is missing (staff then decide in the ops channel) and packs.
 */
export function registerPicking(app: App, deps: ConsoleDeps): void {
  const { fulfilment } = deps.core;

  app.command('/pick', async ({ ack, command, client }) => {
    const access = await authorizeStaff(deps, command.user_id, 'fulfilment.pick');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const warehouse = command.text.trim().toUpperCase() || undefined;
    let created: Awaited<ReturnType<typeof fulfilment.createPickList>>;
    try {
      created = await fulfilment.createPickList({ warehouse, actor: access.staff.actor });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return void (await ack({ response_type: 'ephemeral', text: error.code === 'rule_violation' ? say(deps, 'slack.pick.nothing', { warehouse: warehouse ?? '—' }) : staffError(deps, error) }));
    }
    const { pickList, token } = created;
    const channel = deps.warehouseChannel(pickList.warehouse) ?? command.user_id;
    const printUrl = `${deps.publicUrl}/pick-lists/${pickList.number}/print?token=${token}`;
    await client.chat.postMessage({ channel, ...pickListBlocks(deps, pickList, printUrl) } as never);
    await ack({ response_type: 'ephemeral', text: say(deps, 'slack.pick.created', { number: pickList.number, channel }) });
  });

  // A link button still sends its click: acknowledged, nothing to do.
  app.action(actionIds.openPickList, async ({ ack }) => {
    await ack();
  });

  onStaffClick(app, deps, actionIds.claimPickList, 'fulfilment.pick', async ({ body, value, client, staff }) => {
    try {
      await fulfilment.claimPickList(value, staff.actor);
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return refuse(client, body.channel?.id, body.user.id, staffError(deps, error));
    }
    const outcome = sayInChannel(deps, 'slack.pick.claimed_by', { number: value, name: staff.name });
    const original = ((body.message?.blocks ?? []) as Block[]).filter((block) => block.type !== 'context');
    if (body.channel?.id && body.message) await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: outcome, blocks: [...original, context(outcome)] as never });
  });
}
