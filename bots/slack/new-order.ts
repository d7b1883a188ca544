import type { App, SlashCommand, ViewSubmitAction, AckFn, RespondArguments } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { paymentMethods, type PaymentMethod } from '../../core/orders/index.ts';
import type { Locale } from '../../core/customers/index.ts';
import { formatMoney, t } from '../i18n/index.ts';
import { enteredText, input, plain, viewIds, type Block, type ModalValues } from './blocks.ts';
import { authorizeStaff, say, statusLabel, staffError, type ConsoleDeps } from './console.ts';

const orderChannels = ['phone', 'email', 'in_store'] as const;
type StaffOrderChannel = (typeof orderChannels)[number];

/** A valid phone or in-store or e-mail order as typed into the modal. */
export interface NewOrderForm {
  name: string;
  phone: string;
  email: string | undefined;
  channel: StaffOrderChannel;
  lines: Array<{ sku: string; quantity: number }>;
  /** `/bulkorder`: the items as CSV (`sku,quantity[,unit]`), checked row by row in core. */
  csv?: string | undefined;
  address: { line1: string; city: string; country: string };
  payment: PaymentMethod;
}

/**
 * Reads the modal: every field checked, errors keyed by block id (Slack shows each under its
 * field). Lines are "SKU quantity" (or "SKU x quantity"), one per line.
 */
export function parseNewOrder(values: ModalValues, locale: Locale, maxQuantity: number, bulk = false): { form: NewOrderForm } | { errors: Record<string, string> } {
  const text = (block: string) => enteredText(values, block);
  const choice = (block: string) => values[block]?.value?.selected_option?.value ?? '';
  const errors: Record<string, string> = {};
  const required = t(locale, 'slack.error.required');
  for (const block of ['name', 'address', 'city']) if (!text(block)) errors[block] = required;
  const phone = text('phone').replace(/[\s()-]/g, '');
  if (!/^\+?\d{5,20}$/.test(phone)) errors.phone = t(locale, 'slack.error.phone');
  const email = text('email') || undefined;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = t(locale, 'slack.error.email');
  const lines = bulk ? [] : text('lines').split('\n').map((line) => line.trim()).filter(Boolean).map((line) => /^([^\s×*]+)(?:\s*[×*]\s*|\s+x\s+|\s+)(\d+)$/i.exec(line));
  if (bulk) {
    if (!text('lines')) errors.lines = required;
  } else if (lines.length === 0 || lines.some((match) => !match)) errors.lines = t(locale, 'slack.error.lines');
  else if (lines.some((match) => Number(match![2]) < 1 || Number(match![2]) > maxQuantity)) errors.lines = t(locale, 'slack.error.quantity', { max: maxQuantity });
  if (Object.keys(errors).length > 0) return { errors };
  return {
    form: {
      name: text('name'), phone, email,
      channel: orderChannels.includes(choice('channel') as StaffOrderChannel) ? (choice('channel') as StaffOrderChannel) : 'phone',
      lines: lines.map((match) => ({ sku: match![1]!.toUpperCase(), quantity: Number(match![2]) })),
      csv: bulk ? text('lines') : undefined,
      address: { line1: text('address'), city: text('city'), country: 'CN' },
      payment: paymentMethods.includes(choice('payment') as PaymentMethod) ? (choice('payment') as PaymentMethod) : 'cash_on_delivery',
    },
  };
}


function select(options: Array<[string, string]>, initial: string): Block {
  const all = options.map(([value, label]) => ({ text: plain(label), value }));
  return { type: 'static_select', options: all, initial_option: all.find((option) => option.value === initial) };
}

function newOrderModal(locale: Locale, bulk: boolean): Block {
  return {
    type: 'modal', callback_id: bulk ? viewIds.bulkOrder : viewIds.newOrder, title: plain(t(locale, bulk ? 'slack.bulkorder.title' : 'slack.neworder.title')),
    submit: plain(t(locale, 'slack.modal.submit')), close: plain(t(locale, 'slack.modal.cancel')),
    blocks: [
      input('name', t(locale, 'slack.neworder.name'), { type: 'plain_text_input', max_length: 200 }),
      input('phone', t(locale, 'slack.neworder.phone'), { type: 'plain_text_input', max_length: 40 }),
      input('email', t(locale, 'slack.neworder.email'), { type: 'plain_text_input', max_length: 200 }, true),
      input('channel', t(locale, 'slack.neworder.channel'), select(orderChannels.map((channel) => [channel, t(locale, `channel.${channel}`)]), 'phone')),
      input('lines', t(locale, bulk ? 'slack.bulkorder.csv' : 'slack.neworder.lines'), { type: 'plain_text_input', multiline: true, max_length: bulk ? 3000 : 2000 }),
      input('address', t(locale, 'slack.neworder.address'), { type: 'plain_text_input', max_length: 300 }),
      input('city', t(locale, 'slack.neworder.city'), { type: 'plain_text_input', max_length: 100 }),
      input('payment', t(locale, 'slack.neworder.payment'), select(paymentMethods.map((method) => [method, t(locale, `payment.${method}`)]), 'cash_on_delivery')),
    ],
  };
}

/** Core refusals shown under the items field. */
function linesError(deps: ConsoleDeps, error: unknown): string | null {
  if (!isAppError(error)) return null;
  if (error.code === 'unknown_product') return say(deps, 'slack.error.unknown_sku', { skus: ((error.details?.skus as string[]) ?? []).join(', ') });
  if (error.code === 'insufficient_stock') {
    const lines = (error.details?.lines as Array<{ sku: string; available: number }>) ?? [];
    return say(deps, 'slack.error.stock', { items: lines.map((line) => `${line.sku} (${line.available})`).join(', ') });
  }
  if (error.code === 'invalid_rows') {
    const rows = (error.details?.rows as Array<{ message: string }>) ?? [];
    return rows.slice(0, 10).map((row) => row.message).join('\n') + (rows.length > 10 ? `\n… (${rows.length})` : '');
  }
  if (error.code === 'quantity_limit') return say(deps, 'slack.error.quantity', { max: Number(error.details?.max) });
  if (error.code === 'quantity_rule') {
    const [line] = (error.details?.lines as Array<{ sku: string; quantity: number; minimum: number; increment: number; nearest: Array<number | null> }>) ?? [];
    if (line) return say(deps, 'slack.error.quantity_rule', { sku: line.sku, quantity: line.quantity, minimum: line.minimum, increment: line.increment, options: line.nearest.filter((value) => value !== null).join(' / ') || '—' });
  }
  return error.kind === 'rule' || error.kind === 'conflict' ? staffError(deps, error) : null;
}

/**
 * `/neworder`: a modal for phone, e-mail and in-store orders, placed through the core;
 * `/bulkorder`: the same with the items pasted from a spreadsheet as CSV (all rows or none,
 * every bad row named under the field).
 */
export function registerNewOrder(app: App, deps: ConsoleDeps): void {
  for (const bulk of [false, true]) {
    app.command(bulk ? '/bulkorder' : '/neworder', async ({ ack, command, client }: { ack: AckFn<string | RespondArguments>; command: SlashCommand; client: App['client'] }) => {
      const access = await authorizeStaff(deps, command.user_id, 'order.place');
      if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: newOrderModal(deps.locale, bulk) as never });
    });
    app.view<ViewSubmitAction>(bulk ? viewIds.bulkOrder : viewIds.newOrder, ({ ack, body, view, client }) => submitOrder(deps, { ack, body, view, client }, bulk));
  }
}

async function submitOrder(deps: ConsoleDeps, { ack, body, view, client }: Pick<Parameters<Parameters<App['view']>[1]>[0], 'ack' | 'body' | 'view' | 'client'>, bulk: boolean): Promise<void> {
  const access = await authorizeStaff(deps, body.user.id, 'order.place');
  if ('refusal' in access) return void (await ack({ response_action: 'errors', errors: { name: access.refusal } }));
  const parsed = parseNewOrder(view.state.values as ModalValues, deps.locale, deps.core.orders.policy.maxQuantityPerLine, bulk);
  if ('errors' in parsed) return void (await ack({ response_action: 'errors', errors: parsed.errors }));
  const { form } = parsed;
  let placed;
  try {
    const order = {
      channel: form.channel,
      identity: { channel: 'phone', externalId: form.phone },
      contact: { name: form.name, phone: form.phone, email: form.email },
      shippingAddress: form.address, paymentMethod: form.payment,
      actor: access.staff.actor,
    } as const;
    // The modal's view id is the idempotency key: a resubmitted form places one order.
    const idempotency = { scope: `slack:${body.user.id}`, key: `view:${view.id}` };
    placed = form.csv !== undefined ? await deps.core.orders.placeBulkOrder(form.csv, order, idempotency) : await deps.core.orders.placeOrder({ ...order, lines: form.lines }, idempotency);
  } catch (error) {
    const message = linesError(deps, error);
    if (!message) throw error;
    return void (await ack({ response_action: 'errors', errors: { lines: message } }));
  }
  await ack();
  const { order } = placed;
  await client.chat.postMessage({
    channel: body.user.id,
    text: say(deps, 'slack.neworder.placed', { number: order.number, customer: form.name, total: formatMoney(order.totalMinor, order.currency, deps.locale), status: statusLabel(deps, order.status) }),
  });
}
