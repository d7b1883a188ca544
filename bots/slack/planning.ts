import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import type { PlanView, SuggestionView } from '../../core/manufacturing/index.ts';
import { planningRowsShown, type Notice } from '../../core/notifications/index.ts';
import { actionIds, context, type Block } from './block-kit.ts';
import { planningBlocks, suggestionBlockId } from './planning-blocks.ts';
import { authorizeStaff, onStaffClick, refuse, say, staffError, when, type ConsoleDeps, type StaffClick } from './console.ts';

/** A plan as the summary card's notice: its open suggestions, late ones first. */
export function planNotice(plan: PlanView): Extract<Notice, { kind: 'staff_mrp_summary' }> {
  const open = plan.suggestions.filter((each) => each.status === 'open');
  const buys = open.filter((each) => each.action === 'buy');
  return {
    kind: 'staff_mrp_summary', runId: plan.runId, buy: buys.length, lateBuy: buys.filter((each) => each.late).length, make: open.length - buys.length, more: Math.max(0, open.length - planningRowsShown),
    rows: open.slice(0, planningRowsShown).map((each) => ({ id: each.id, action: each.action, sku: each.sku, name: each.name, quantity: each.quantity, warehouse: each.warehouse, startBy: each.startBy, late: each.late, supplier: each.supplier })),
  };
}

/** The card with the rows of `ids` replaced by one line saying what became of them (and their supplier's group button gone). */
function settled(blocks: Block[], ids: number[], outcome: string, supplier?: string): Block[] {
  const rows = new Set(ids.map(suggestionBlockId));
  return blocks.flatMap((block): Block[] => {
    if (typeof block.block_id === 'string' && rows.has(block.block_id)) return [context(outcome)];
    if (block.block_id === 'mrp_suppliers' && supplier) {
      const elements = (block.elements as Array<{ value?: string }>).filter((element) => element.value !== supplier);
      return elements.length > 0 ? [{ ...block, elements }] : [];
    }
    return [block];
  });
}

/** Edits the card a click came from: the rows of `ids` say what became of them. */
async function update(click: StaffClick, ids: number[], outcome: string, supplier?: string): Promise<void> {
  const channel = click.body.channel?.id;
  if (!channel || !click.body.message) return;
  await click.client.chat.update({ channel, ts: click.body.message.ts, text: outcome, blocks: settled((click.body.message.blocks ?? []) as Block[], ids, outcome, supplier) as never });
}

/**
 * `/mrp`: a planning run now, answered in the channel with the summary card. On any card (this
 * one or the 06:00 one in the ops channel), production staff, managers and admins turn a row into
 * a draft PO or MO, dismiss it, or order everything of one supplier at once; core makes each
 * suggestion a document once, so a second click is told what the first made.
 */
export function registerPlanning(app: App, deps: ConsoleDeps): void {
  app.command('/mrp', async ({ ack, command }) => {
    const access = await authorizeStaff(deps, command.user_id, 'production.plan');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    try {
      const notice = planNotice(await deps.core.manufacturing.runMrp(access.staff.actor, { announce: false }));
      const blocks = planningBlocks(notice, deps.locale, deps.timeZone);
      await ack({ response_type: 'in_channel', text: say(deps, notice.rows.length === 0 ? 'notice.staff_mrp_summary.none' : 'notice.staff_mrp_summary', { count: notice.buy + notice.make, buy: notice.buy, late: notice.lateBuy, make: notice.make }), blocks: blocks as never });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      await ack({ response_type: 'ephemeral', text: staffError(deps, error) });
    }
  });

  const decide = async (click: StaffClick, act: () => Promise<{ suggestion: SuggestionView; created: boolean }>) => {
    let result: { suggestion: SuggestionView; created: boolean };
    try {
      result = await act();
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      const text = error.code === 'invalid_transition' ? say(deps, 'slack.mrp.gone') : staffError(deps, error);
      return refuse(click.client, click.body.channel?.id, click.body.user.id, text);
    }
    const { suggestion } = result;
    if (!result.created && suggestion.status === 'accepted') {
      return refuse(click.client, click.body.channel?.id, click.body.user.id, say(deps, 'slack.mrp.already', { document: suggestion.convertedTo ?? '—' }));
    }
    const outcome = suggestion.status === 'dismissed'
      ? say(deps, 'slack.mrp.dismissed', { name: click.staff.name, time: when(deps, new Date()) })
      : say(deps, 'slack.mrp.accepted', { document: suggestion.convertedTo ?? '—', name: click.staff.name, time: when(deps, new Date()) });
    await update(click, [suggestion.id], outcome);
  };
  onStaffClick(app, deps, actionIds.mrpAccept, 'production.plan', (click) => decide(click, () => deps.core.manufacturing.acceptSuggestion(Number(click.value), click.staff.actor)));
  onStaffClick(app, deps, actionIds.mrpDismiss, 'production.plan', (click) => decide(click, async () => ({ suggestion: await deps.core.manufacturing.dismissSuggestion(Number(click.value), click.staff.actor), created: true })));
  onStaffClick(app, deps, actionIds.mrpAcceptSupplier, 'production.plan', async (click) => {
    let accepted: SuggestionView[];
    try {
      accepted = await deps.core.manufacturing.acceptSupplier(click.value, click.staff.actor);
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return refuse(click.client, click.body.channel?.id, click.body.user.id, error.code === 'not_found' ? say(deps, 'slack.mrp.gone') : staffError(deps, error));
    }
    const documents = [...new Set(accepted.map((each) => each.convertedTo ?? '—'))].join(', ');
    await update(click, accepted.map((each) => each.id), say(deps, 'slack.mrp.accepted', { document: documents, name: click.staff.name, time: when(deps, new Date()) }), click.value);
  });
}
