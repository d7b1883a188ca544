import type { App, ViewSubmitAction } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import type { PurchaseOrderView } from '../../core/procurement/index.ts';
import { t } from '../i18n/index.ts';
import { plain, viewIds, type Block } from './blocks.ts';
import { authorizeStaff, say, staffError, type ConsoleDeps } from './console.ts';

/** Slack limits a modal to 100 blocks; bigger purchase orders are received through the API. */
const maxModalLines = 90;

function receiveModal(deps: ConsoleDeps, order: PurchaseOrderView): Block {
  return {
    type: 'modal', callback_id: viewIds.receive, private_metadata: order.number,
    title: plain(say(deps, 'slack.receive.title', { number: order.number }).slice(0, 24)),
    submit: plain(t(deps.locale, 'slack.modal.submit')), close: plain(t(deps.locale, 'slack.modal.cancel')),
    blocks: [
      ...order.lines.slice(0, maxModalLines).map((line, index) => ({
        type: 'input', block_id: `line_${index}`, optional: true,
        label: plain(say(deps, 'slack.receive.line', { sku: line.sku, ordered: line.ordered, received: line.received })),
        element: { type: 'number_input', action_id: 'value', is_decimal_allowed: false, min_value: '0', max_value: String(Math.max(0, line.ordered - line.received)) },
      })),
      { type: 'input', block_id: 'note', optional: true, label: plain(say(deps, 'slack.receive.note')), element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 } },
    ],
  };
}

/**
 * `/receive <PO>`: a modal with one field per line still expected (partial receipts welcome,
 * never more than ordered) and a note for discrepancies; the submission raises stock through
 * the ledger (core checks the role again) and tells the receiver what is still open.
 */
export function registerReceiving(app: App, deps: ConsoleDeps): void {
  const { procurement } = deps.core;

  app.command('/receive', async ({ ack, command, client }) => {
    const access = await authorizeStaff(deps, command.user_id, 'purchase.receive');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const number = command.text.trim().toUpperCase();
    const order = /^PO-\d{6,}$/.test(number) ? await procurement.getPurchaseOrder(number, access.staff.actor).catch(() => null) : null;
    if (!order || !['sent', 'partially_received'].includes(order.status)) {
      return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.receive.not_open', { number: command.text.trim() || '—' }) }));
    }
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: receiveModal(deps, order) as never });
  });

  app.view<ViewSubmitAction>(viewIds.receive, async ({ ack, body, view, client }) => {
    const access = await authorizeStaff(deps, body.user.id, 'purchase.receive');
    if ('refusal' in access) return void (await ack({ response_action: 'errors', errors: { note: access.refusal } }));
    const order = await procurement.getPurchaseOrder(view.private_metadata, access.staff.actor);
    const lines: Array<{ sku: string; quantity: number }> = [];
    const errors: Record<string, string> = {};
    order.lines.slice(0, maxModalLines).forEach((line, index) => {
      const raw = view.state.values[`line_${index}`]?.value?.value;
      if (raw === undefined || raw === null || raw === '' || raw === '0') return;
      if (!/^\d{1,9}$/.test(raw)) errors[`line_${index}`] = say(deps, 'slack.error.counted');
      else lines.push({ sku: line.sku, quantity: Number(raw) });
    });
    if (lines.length === 0 && Object.keys(errors).length === 0) errors.line_0 = say(deps, 'slack.receive.nothing');
    if (Object.keys(errors).length > 0) return void (await ack({ response_action: 'errors', errors }));
    const note = view.state.values.note?.value?.value?.trim() || undefined;
    let received: PurchaseOrderView;
    try {
      received = await procurement.receive(order.number, lines, access.staff.actor, note);
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return void (await ack({ response_action: 'errors', errors: { note: staffError(deps, error) } }));
    }
    await ack();
    const open = received.lines.filter((line) => line.received < line.ordered).map((line) => `${line.sku} ${line.ordered - line.received}`);
    await client.chat.postMessage({ channel: body.user.id, text: say(deps, open.length > 0 ? 'slack.receive.partial' : 'slack.receive.done', {
      number: order.number, items: lines.map((line) => `${line.sku} × ${line.quantity}`).join(', '), open: open.join(', '),
    }) });
  });
}
