import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import type { ShortPickChoice } from '../../core/fulfilment/index.ts';
import { labelOf } from '../i18n/index.ts';
import { actionIds, decidedBlocks, type Block } from './blocks.ts';
import { onStaffClick, refuse, say, staffError, type ConsoleDeps } from './console.ts';

const choices: Array<[actionId: string, choice: ShortPickChoice]> = [
  [actionIds.shortBackorder, 'backorder'],
  [actionIds.shortShipPartial, 'ship_partial'],
  [actionIds.shortCancelLine, 'cancel_line'],
];

/**
 * The three answers to a short pick (backorder, ship without, cancel the line with a refund),
 * for supervisors and managers (core checks the role again). The first click wins; the card
 * then says who chose what and where the order stands.
 */
export function registerShortPicks(app: App, deps: ConsoleDeps): void {
  for (const [actionId, choice] of choices) {
    onStaffClick(app, deps, actionId, 'fulfilment.short_pick', async ({ body, value, client, staff }) => {
      const { l: pickList, o: order, s: sku } = JSON.parse(value) as { l: string; o: string; s: string };
      let status: string;
      try {
        ({ status } = await deps.core.fulfilment.decideShort({ pickList, order, sku, choice }, staff.actor));
      } catch (error) {
        if (!isAppError(error) || !['invalid_transition', 'not_found'].includes(error.code)) throw error;
        return refuse(client, body.channel?.id, body.user.id, staffError(deps, error));
      }
      const outcome = say(deps, 'slack.short_decided_by', { name: staff.name, choice: say(deps, `slack.short.${choice}`), number: order, status: labelOf(deps.locale, 'status', status) });
      if (body.channel?.id && body.message) await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: outcome, blocks: decidedBlocks((body.message.blocks ?? []) as Block[], outcome) as never });
    });
  }
}
