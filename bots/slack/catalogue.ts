import type { App } from '@slack/bolt';
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
