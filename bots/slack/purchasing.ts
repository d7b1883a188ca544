import type { App } from '@slack/bolt';
import { z } from 'zod';
import { isAppError } from '../../core/shared/errors.ts';
import { actionIds, decidedBlocks, type Block } from './blocks.ts';
import { onStaffClick, refuse, say, staffError, type ConsoleDeps } from './console.ts';

const stockKey = z.object({ w: z.number().int().positive(), p: z.number().int().positive() });

/** "Create purchase order" under a low-stock alert: a draft for the suggested quantity (managers). */
export function registerPurchasing(app: App, deps: ConsoleDeps): void {
  onStaffClick(app, deps, actionIds.createPurchaseOrder, 'purchase.create', async ({ body, value, client, staff }) => {
    const channel = body.channel?.id;
    let key: z.infer<typeof stockKey>;
    try {
      key = stockKey.parse(JSON.parse(value));
    } catch {
      return refuse(client, channel, body.user.id, say(deps, 'chat.stale_button'));
    }
    let order;
    try {
      order = await deps.core.procurement.draftFromPolicy(key.w, key.p, staff.actor);
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return refuse(client, channel, body.user.id, staffError(deps, error));
    }
    const line = order.lines[0]!;
    const outcome = say(deps, 'slack.po_created', { number: order.number, quantity: line.ordered, sku: line.sku, name: staff.name });
    if (channel && body.message) {
      await client.chat.update({ channel, ts: body.message.ts, text: outcome, blocks: decidedBlocks((body.message.blocks ?? []) as Block[], outcome) as never });
    }
  });
}
