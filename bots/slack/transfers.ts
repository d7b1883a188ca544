import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { actionIds, button, decidedBlocks, markdown, type Block } from './blocks.ts';
import { authorizeStaff, onStaffClick, refuse, say, sayInChannel, staffError, type ConsoleDeps } from './console.ts';

/** `SKU qty SKU qty …` → lines, or null when it does not read so. */
function linesOf(words: string[]): Array<{ sku: string; quantity: number }> | null {
  if (words.length === 0 || words.length % 2 !== 0) return null;
  const lines: Array<{ sku: string; quantity: number }> = [];
  for (let index = 0; index < words.length; index += 2) {
    if (!/^\d{1,6}$/.test(words[index + 1]!) || Number(words[index + 1]) === 0) return null;
    lines.push({ sku: words[index]!, quantity: Number(words[index + 1]) });
  }
  return lines;
}

/**
 * `/transfer FROM TO SKU qty [SKU qty …]`: moves stock between warehouses. The stock is reserved
 * at once at the sending warehouse; its card goes to that warehouse's channel with *Shipped*,
 * then *Received* (each checked in core, recorded on the card).
 */
export function registerTransfers(app: App, deps: ConsoleDeps): void {
  const { inventory } = deps.core;

  app.command('/transfer', async ({ ack, command, client }) => {
    const access = await authorizeStaff(deps, command.user_id, 'stock.transfer');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const [from = '', to = '', ...rest] = command.text.trim().split(/\s+/);
    const lines = linesOf(rest);
    if (!from || !to || !lines) return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.transfer.usage') }));
    try {
      const transfer = await inventory.createTransfer({ from: from.toUpperCase(), to: to.toUpperCase(), lines, actor: access.staff.actor });
      const channel = deps.warehouseChannel(transfer.from) ?? command.user_id;
      const text = sayInChannel(deps, 'slack.transfer.created', { number: transfer.number, from: transfer.from, to: transfer.to, items: transfer.lines.map((line) => `${line.sku} × ${line.quantity}`).join(', ') });
      await client.chat.postMessage({ channel, text, blocks: [markdown(text), { type: 'actions', block_id: 'transfer', elements: [button(sayInChannel(deps, 'slack.transfer.ship'), actionIds.shipTransfer, transfer.number, 'primary')] }] as never });
      await ack({ response_type: 'ephemeral', text: say(deps, 'slack.transfer.posted', { number: transfer.number, channel }) });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      await ack({ response_type: 'ephemeral', text: staffError(deps, error) });
    }
  });

  for (const [actionId, step] of [[actionIds.shipTransfer, 'ship'], [actionIds.receiveTransfer, 'receive']] as const) {
    onStaffClick(app, deps, actionId, 'stock.transfer', async ({ body, value, client, staff }) => {
      try {
        await (step === 'ship' ? inventory.shipTransfer(value, staff.actor) : inventory.receiveTransfer(value, staff.actor));
      } catch (error) {
        if (!isAppError(error) || error.kind === 'unavailable') throw error;
        return refuse(client, body.channel?.id, body.user.id, staffError(deps, error));
      }
      const outcome = say(deps, step === 'ship' ? 'slack.transfer.shipped_by' : 'slack.transfer.received_by', { number: value, name: staff.name });
      const next: Block[] = step === 'ship' ? [{ type: 'actions', block_id: 'transfer', elements: [button(say(deps, 'slack.transfer.receive'), actionIds.receiveTransfer, value, 'primary')] }] : [];
      if (body.channel?.id && body.message) await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: outcome, blocks: [...decidedBlocks((body.message.blocks ?? []) as Block[], outcome), ...next] as never });
    });
  }
}
