import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { authorizeStaff, say, staffError, type ConsoleDeps } from './console.ts';

/**
 * `/ship <order> [<carrier> [<tracking number>]]`: ships a packed order. Without a carrier the
 * best service of every configured carrier is chosen (the answer says why) and its label
 * bought; naming a carrier overrides the policy (audited with the policy's choice); a carrier
 * without a label integration asks for the tracking number from its waybill, and its parcel is
 * then followed through the tracking aggregator. Checked in core (`shipment.create`).
 */
export function registerShipping(app: App, deps: ConsoleDeps): void {
  app.command('/ship', async ({ ack, command }) => {
    const access = await authorizeStaff(deps, command.user_id, 'shipment.create');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const [rawNumber = '', carrier, trackingNumber, ...extra] = command.text.trim().split(/\s+/);
    const number = rawNumber.toUpperCase();
    if (!/^SO-\d{8}-\d{6,}$/.test(number) || extra.length > 0) {
      return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.usage', { usage: say(deps, 'slack.ship.usage') }) }));
    }
    try {
      const shipment = await deps.core.logistics.shipOrder(number, access.staff.actor, { carrier: carrier?.toUpperCase(), trackingNumber });
      await ack({ response_type: 'ephemeral', text: say(deps, 'slack.ship.done', { number, carrier: shipment.carrier, service: shipment.service, tracking: shipment.trackingNumber, reason: deps.locale === 'zh-CN' ? shipment.reasonZh : shipment.reason }) });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable' || error.kind === 'forbidden') throw error;
      const text = error.details?.trackingNumberRequired ? say(deps, 'slack.ship.manual', { number, carrier: String(error.details.carrier) })
        : error.code === 'not_found' ? say(deps, 'slack.order.not_found', { number })
          : error.code === 'invalid_transition' ? say(deps, 'slack.ship.not_packed', { number })
            : staffError(deps, error);
      await ack({ response_type: 'ephemeral', text });
    }
  });
}
