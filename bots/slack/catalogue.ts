import type { App, ViewSubmitAction } from '@slack/bolt';
import type { ProductView } from '../../core/catalog/index.ts';
import { enteredText, input, markdown, plain, textInput as text, tickedOptions, viewIds, type Block, type ModalValues } from './blocks.ts';
import { escapeMrkdwn } from './escape.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { formatMoney } from '../i18n/index.ts';
import { authorizeStaff, say, staffError, type ConsoleDeps } from './console.ts';
import { parseAmount } from './payments.ts';

/**
 * `/adjust <SKU> <+n|-n> <reason>` (managers): corrects on-hand stock at the default warehouse
 * through the ledger, audited with the reason; refused when it would leave less than is reserved.
 */
function registerAdjust(app: App, deps: ConsoleDeps): void {
  app.command('/adjust', async ({ ack, command }) => {
    const access = await authorizeStaff(deps, command.user_id, 'stock.adjust');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const [sku = '', deltaText = '', ...reason] = command.text.trim().split(/\s+/);
    const delta = /^[+-]?\d{1,6}$/.test(deltaText) ? Number(deltaText) : 0;
    if (!sku || delta === 0 || reason.length === 0) return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.adjust.usage') }));
    try {
      const level = await deps.core.inventory.adjustStock({ sku, delta, reason: reason.join(' '), actor: access.staff.actor });
      await ack({ response_type: 'ephemeral', text: say(deps, 'slack.adjust.done', { sku, delta: delta > 0 ? `+${delta}` : String(delta), warehouse: level.warehouse, onHand: level.onHand }) });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      await ack({ response_type: 'ephemeral', text: staffError(deps, error) });
    }
  });
}

/**
 * `/price <SKU> <amount>`: a new price for a product (managers, checked again in core), written
 * to the audit log with the price before and after, and confirmed to the asker.
 */
export function registerCatalogue(app: App, deps: ConsoleDeps): void {
  registerAdjust(app, deps);
  app.command('/price', async ({ ack, command }) => {
    const access = await authorizeStaff(deps, command.user_id, 'catalog.write');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const [sku = '', amountText = '', ...rest] = command.text.trim().split(/\s+/);
    const priceMinor = parseAmount(amountText);
    if (!sku || priceMinor === null || rest.length > 0) return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.price.usage') }));
    try {
      const before = await deps.core.catalog.getProduct(sku);
      const money = (minor: number) => formatMoney(minor, before.currency, deps.locale);
      if (before.priceMinor === priceMinor) return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.price.same', { sku, price: money(priceMinor) }) }));
      const after = await deps.core.catalog.updateProduct(sku, { priceMinor }, access.staff.actor);
      await ack({ response_type: 'ephemeral', text: say(deps, 'slack.price.changed', { sku, name: after.name, before: money(before.priceMinor), after: money(after.priceMinor) }) });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      await ack({ response_type: 'ephemeral', text: staffError(deps, error) });
    }
  });
}

function productModal(deps: ConsoleDeps, sku: string, product: ProductView | null): Block {
  return {
    type: 'modal', callback_id: viewIds.product, private_metadata: sku,
    title: plain(say(deps, product ? 'slack.product.edit' : 'slack.product.new').slice(0, 24)),
    submit: plain(say(deps, 'slack.modal.submit')), close: plain(say(deps, 'slack.modal.cancel')),
    blocks: [
      markdown(`*${escapeMrkdwn(sku)}*`),
      input('name', say(deps, 'slack.product.name'), text(product?.name, 200)),
      input('nameZh', say(deps, 'slack.product.name_zh'), text(product?.nameZh, 200), true),
      input('price', say(deps, 'slack.product.price'), text(product ? (product.priceMinor / 100).toFixed(2) : null, 20)),
      input('weight', say(deps, 'slack.product.weight'), { type: 'number_input', is_decimal_allowed: false, min_value: '0', ...(product && { initial_value: String(product.weightGrams) }) }, true),
      input('category', say(deps, 'slack.product.category'), text(product?.category, 100), true),
      input('aliases', say(deps, 'slack.product.aliases'), text(product?.aliases, 500), true),
      input('flags', say(deps, 'slack.product.options'), { type: 'checkboxes', options: [
        { text: plain(say(deps, 'slack.product.active')), value: 'active' }, { text: plain(say(deps, 'slack.product.backorder')), value: 'backorder' },
      ], ...((!product || product.active || product.allowBackorder) && { initial_options: [
        ...(!product || product.active ? [{ text: plain(say(deps, 'slack.product.active')), value: 'active' }] : []),
        ...(product?.allowBackorder ? [{ text: plain(say(deps, 'slack.product.backorder')), value: 'backorder' }] : []),
      ] }) }, true),
    ],
  };
}

/**
 * `/product <SKU>`: a modal to create the product or change it (managers; core checks again):
 * names in both languages, price, weight, category, on sale, sold on backorder. A change is
 * audited field by field (`product.price_changed` when the price moved).
 */
export function registerProducts(app: App, deps: ConsoleDeps): void {
  app.command('/product', async ({ ack, command, client }) => {
    const access = await authorizeStaff(deps, command.user_id, 'catalog.write');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const sku = command.text.trim().toUpperCase();
    if (!/^[A-Z0-9][A-Z0-9._-]{0,63}$/.test(sku)) return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.product.usage') }));
    const product = await deps.core.catalog.getProduct(sku).catch(() => null);
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: productModal(deps, sku, product) as never });
  });

  app.view<ViewSubmitAction>(viewIds.product, async ({ ack, body, view, client }) => {
    const access = await authorizeStaff(deps, body.user.id, 'catalog.write');
    if ('refusal' in access) return void (await ack({ response_action: 'errors', errors: { name: access.refusal } }));
    const values = view.state.values as ModalValues;
    const entered = (block: string) => enteredText(values, block);
    const ticked = tickedOptions(values, 'flags');
    const priceMinor = parseAmount(entered('price'));
    const errors: Record<string, string> = {};
    if (!entered('name')) errors.name = say(deps, 'slack.error.required');
    if (priceMinor === null) errors.price = say(deps, 'slack.product.bad_price');
    if (Object.keys(errors).length > 0) return void (await ack({ response_action: 'errors', errors }));
    const fields = {
      name: entered('name'), nameZh: entered('nameZh') || undefined, priceMinor: priceMinor!, category: entered('category') || undefined, aliases: entered('aliases') || undefined,
      weightGrams: entered('weight') ? Number(entered('weight')) : undefined, active: ticked.has('active'), allowBackorder: ticked.has('backorder'),
    };
    const sku = view.private_metadata;
    try {
      const existing = await deps.core.catalog.getProduct(sku).catch(() => null);
      if (existing) await deps.core.catalog.updateProduct(sku, fields, access.staff.actor);
      else await deps.core.catalog.createProduct({ sku, currency: 'CNY', ...fields }, access.staff.actor);
      await ack();
      await client.chat.postMessage({ channel: body.user.id, text: say(deps, existing ? 'slack.product.saved' : 'slack.product.created', { sku, name: fields.name }) });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      await ack({ response_action: 'errors', errors: { name: staffError(deps, error) } });
    }
  });
}
