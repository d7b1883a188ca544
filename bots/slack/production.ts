import type { App, ViewSubmitAction } from '@slack/bolt';
import { isAppError, type AppError } from '../../core/shared/errors.ts';
import type { ProductionView } from '../../core/manufacturing/index.ts';
import { t } from '../i18n/index.ts';
import { actionIds, button, context, markdown, plain, viewIds, type Block } from './block-kit.ts';
import { authorizeStaff, onStaffClick, onStaffReason, refuse, say, staffError, when, type ConsoleDeps, type StaffClick } from './console.ts';
import { escapeMrkdwn } from './escape.ts';

/** The card of a production order: what, how far, its components, and the buttons its status allows. */
export function productionCard(deps: ConsoleDeps, mo: ProductionView, outcome?: string): { text: string; blocks: Block[] } {
  const text = [
    `*${say(deps, 'slack.mo.title', { number: mo.number, quantity: mo.quantityPlanned, sku: escapeMrkdwn(mo.sku), status: say(deps, `slack.mo.status.${mo.status}`) })}*`,
    say(deps, 'slack.mo.progress', { good: mo.quantityGood, planned: mo.quantityPlanned, scrapped: mo.quantityScrapped, warehouse: mo.warehouse }),
    ...(mo.orderNumber ? [say(deps, 'slack.mo.for_order', { number: mo.orderNumber })] : []),
    ...mo.components.map((component) => say(deps, 'slack.mo.component', { sku: escapeMrkdwn(component.sku), required: component.required, reserved: component.reserved, consumed: component.consumed })),
  ].join('\n');
  const value = mo.number;
  const buttons: Record<string, Block[]> = {
    draft: [button(say(deps, 'slack.mo.release'), actionIds.moRelease, value, 'primary'), button(say(deps, 'slack.mo.cancel'), actionIds.moCancel, value, 'danger')],
    released: [button(say(deps, 'slack.mo.report'), actionIds.moReport, value, 'primary'), button(say(deps, 'slack.mo.cancel'), actionIds.moCancel, value, 'danger')],
    in_progress: [button(say(deps, 'slack.mo.report'), actionIds.moReport, value, 'primary'), button(say(deps, 'slack.mo.close'), actionIds.moClose, value)],
  };
  const actions = buttons[mo.status];
  return { text, blocks: [markdown(text), ...(actions ? [{ type: 'actions', block_id: 'production', elements: actions }] : []), ...(outcome ? [context(outcome)] : [])] };
}

/** Where a card is, so a modal's submission can edit it. */
const cardOf = (click: StaffClick) => ({ number: click.value, channel: click.body.channel?.id ?? '', ts: click.body.message?.ts ?? '' });

/** A whole-number field of a modal. */
const wholeNumber = (block: string, label: string): Block => ({
  type: 'input', block_id: block, label: plain(label), element: { type: 'number_input', action_id: 'value', is_decimal_allowed: false, min_value: '0', initial_value: '0' },
});

function reportModal(deps: ConsoleDeps, metadata: { number: string; channel: string; ts: string }): Block {
  return {
    type: 'modal', callback_id: viewIds.productionReport, private_metadata: JSON.stringify(metadata),
    title: plain(say(deps, 'slack.mo.report').slice(0, 24)), submit: plain(t(deps.locale, 'slack.modal.submit')), close: plain(t(deps.locale, 'slack.modal.cancel')),
    blocks: [context(metadata.number), wholeNumber('good', say(deps, 'slack.mo.good')), wholeNumber('scrapped', say(deps, 'slack.mo.scrapped'))],
  };
}

/**
 * Production staff on the shop floor: `/bom SKU [quantity]` shows what making it takes against
 * the free stock ("can make 37 now"); `/mo SKU quantity` drafts a production order and posts its
 * card, whose buttons release it (components reserved, or every short one named), report output
 * (a modal; the Slack view id makes a retried submission count once), close it short (a reason)
 * or cancel it. Core checks the `production` role again on every step.
 */
export function registerProduction(app: App, deps: ConsoleDeps): void {
  const { manufacturing } = deps.core;
  app.command('/bom', async ({ ack, command }) => {
    const access = await authorizeStaff(deps, command.user_id, 'lookup');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const [sku, quantity] = command.text.trim().split(/\s+/);
    if (!sku || (quantity !== undefined && !/^[1-9]\d{0,8}$/.test(quantity))) return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.usage', { usage: '/bom GB-01 50' }) }));
    try {
      const bom = await manufacturing.bomAvailability(sku.toUpperCase(), Number(quantity ?? 1), access.staff.actor);
      const short = bom.components.filter((component) => component.short > 0).map((component) => `${component.sku} ${component.short}`);
      await ack({ response_type: 'ephemeral', text: [
        `*${say(deps, 'slack.bom.title', { sku: escapeMrkdwn(bom.sku), name: escapeMrkdwn(bom.name), version: bom.version, batch: bom.outputQuantity, days: bom.produceDays })}*`,
        ...bom.components.map((component) => say(deps, 'slack.bom.line', { sku: escapeMrkdwn(component.sku), name: escapeMrkdwn(component.name), need: component.need, available: component.available, quantity: bom.quantity })),
        say(deps, short.length > 0 ? 'slack.bom.short' : 'slack.bom.enough', { count: bom.canMake, warehouse: bom.warehouse, short: escapeMrkdwn(short.join(', ')) }),
      ].join('\n') });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      await ack({ response_type: 'ephemeral', text: staffError(deps, error) });
    }
  });

  app.command('/mo', async ({ ack, command }) => {
    const access = await authorizeStaff(deps, command.user_id, 'production.manage');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const [sku, quantity] = command.text.trim().split(/\s+/);
    if (!sku || !quantity || !/^[1-9]\d{0,5}$/.test(quantity)) return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.usage', { usage: '/mo GB-01 50' }) }));
    try {
      const mo = await manufacturing.createProductionOrder({ sku: sku.toUpperCase(), quantity: Number(quantity) }, access.staff.actor);
      const card = productionCard(deps, mo, say(deps, 'slack.mo.created_by', { name: access.staff.name, time: when(deps, new Date()) }));
      await ack({ response_type: 'in_channel', text: card.text, blocks: card.blocks as never });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      await ack({ response_type: 'ephemeral', text: staffError(deps, error) });
    }
  });

  /** Runs a step and edits the card; a refusal (someone was first, stock short) is told to the clicker alone. */
  const step = async (click: StaffClick, act: () => Promise<ProductionView>, outcome: string) => {
    let mo: ProductionView;
    try {
      mo = await act();
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return refuse(click.client, click.body.channel?.id, click.body.user.id, refusal(deps, error));
    }
    const card = productionCard(deps, mo, outcome);
    if (click.body.channel?.id && click.body.message) await click.client.chat.update({ channel: click.body.channel.id, ts: click.body.message.ts, text: card.text, blocks: card.blocks as never });
  };
  const by = (click: StaffClick, key: 'slack.mo.released_by' | 'slack.mo.cancelled_by') => say(deps, key, { name: click.staff.name, time: when(deps, new Date()) });
  onStaffClick(app, deps, actionIds.moRelease, 'production.manage', (click) => step(click, () => manufacturing.releaseProductionOrder(click.value, click.staff.actor), by(click, 'slack.mo.released_by')));
  onStaffClick(app, deps, actionIds.moCancel, 'production.manage', (click) => step(click, () => manufacturing.cancelProductionOrder(click.value, click.staff.actor), by(click, 'slack.mo.cancelled_by')));
  onStaffClick(app, deps, actionIds.moReport, 'production.manage', async (click) => {
    await click.client.views.open({ trigger_id: click.body.trigger_id, view: reportModal(deps, cardOf(click)) as never });
  });
  onStaffClick(app, deps, actionIds.moClose, 'production.manage', async (click) => {
    await click.client.views.open({ trigger_id: click.body.trigger_id, view: {
      type: 'modal', callback_id: viewIds.productionClose, private_metadata: JSON.stringify(cardOf(click)),
      title: plain(say(deps, 'slack.mo.close').slice(0, 24)), submit: plain(t(deps.locale, 'slack.modal.submit')), close: plain(t(deps.locale, 'slack.modal.cancel')),
      blocks: [{ type: 'input', block_id: 'reason', label: plain(say(deps, 'slack.mo.close_reason')), element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 } }],
    } as never });
  });

  onStaffReason(app, deps, viewIds.productionClose, 'production.manage', async ({ reason, metadata, client, staff }) => {
    try {
      const mo = await manufacturing.closeProductionOrder(metadata.number!, reason, staff.actor);
      const card = productionCard(deps, mo, say(deps, 'slack.mo.closed_by', { name: staff.name, time: when(deps, new Date()), reason: escapeMrkdwn(reason) }));
      if (metadata.channel && metadata.ts) await client.chat.update({ channel: metadata.channel, ts: metadata.ts, text: card.text, blocks: card.blocks as never });
      return null;
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return refusal(deps, error);
    }
  });

  app.view<ViewSubmitAction>(viewIds.productionReport, async ({ ack, body, view, client }) => {
    const access = await authorizeStaff(deps, body.user.id, 'production.manage');
    if ('refusal' in access) return void (await ack({ response_action: 'errors', errors: { good: access.refusal } }));
    const metadata = JSON.parse(view.private_metadata) as { number: string; channel: string; ts: string };
    const read = (block: string) => view.state.values[block]?.value?.value ?? '0';
    const [good, scrapped] = [read('good'), read('scrapped')];
    if (!/^\d{1,6}$/.test(good) || !/^\d{1,6}$/.test(scrapped) || Number(good) + Number(scrapped) === 0) {
      return void (await ack({ response_action: 'errors', errors: { good: say(deps, 'slack.mo.nothing_reported') } }));
    }
    let mo: ProductionView;
    try {
      mo = (await manufacturing.reportOutput(metadata.number, { key: `slack:${view.id}`, good: Number(good), scrapped: Number(scrapped) }, access.staff.actor)).productionOrder;
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return void (await ack({ response_action: 'errors', errors: { good: refusal(deps, error) } }));
    }
    await ack();
    const card = productionCard(deps, mo, say(deps, 'slack.mo.reported_by', { name: access.staff.name, time: when(deps, new Date()), good, scrapped }));
    if (metadata.channel && metadata.ts) await client.chat.update({ channel: metadata.channel, ts: metadata.ts, text: card.text, blocks: card.blocks as never });
  });
}

/** A refused step in the staff member's words: every short component with what it needs and what is free. */
function refusal(deps: ConsoleDeps, error: AppError): string {
  const lines = (error.details?.lines ?? []) as Array<{ sku: string; required?: number; available?: number }>;
  if (error.code === 'insufficient_stock' && lines.some((line) => line.required !== undefined)) {
    return say(deps, 'slack.mo.short', { lines: lines.map((line) => `${line.sku} ${line.required ?? '?'}/${line.available ?? 0}`).join(', ') });
  }
  return staffError(deps, error);
}
