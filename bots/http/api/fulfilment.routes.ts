import type { CoreServices } from '../../../core/services.ts';
import { operation, type Operation } from './operation.ts';
import { binSchema, carrierCode, carrierSetupSchema, orderNumber, pickListCreateSchema, pickListNumber, reattemptSchema, returnToSenderSchema, scanSchema, shipmentCreateSchema, shortDecisionSchema, shortReportSchema } from './fulfilment.schemas.ts';
import { z } from 'zod';
import { binView, carrierView, itemsOf, reattemptView, shippedView, pickListCreatedView, pickListView, scanView, shipmentView, shortPickOutcomeView } from './views.ts';

const tag = 'Fulfilment';
const list = { number: pickListNumber.meta({ examples: ['PL-000005'] }) };
const order = { number: orderNumber.meta({ examples: ['SO-20261206-000042'] }) };

/** `/pick-lists`, `/inventory/bins`, `/orders/{number}/shipments`, `PUT /carriers/{code}`. */
export function fulfilmentOperations({ fulfilment, inventory, logistics }: CoreServices, publicUrl: string): Operation[] {
  return [
    operation({
      method: 'post', path: '/pick-lists', tag, summary: 'Batch confirmed orders of a warehouse into a pick list', permission: 'fulfilment.pick',
      body: pickListCreateSchema, example: { warehouse: 'SH', maxOrders: 20 },
      status: 201, response: pickListCreatedView, errors: ['not_found', 'rule_violation'],
      handle: async ({ body, caller }) => {
        const { pickList, token } = await fulfilment.createPickList({ ...body, actor: caller.actor });
        // The printable page (with its scan box) is reached by this link; the token is shown once.
        return { ...pickList, printUrl: `${publicUrl}/pick-lists/${pickList.number}/print?token=${token}` };
      },
    }),
    operation({
      method: 'get', path: '/pick-lists/:number', tag, summary: 'Get a pick list with what is scanned', permission: 'fulfilment.pick',
      params: list, response: pickListView, errors: ['not_found'],
      handle: ({ params, caller }) => fulfilment.getPickList(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/pick-lists/:number/scan', tag, summary: 'Scan an item (an order is packed when all its items are)', permission: 'fulfilment.pick',
      params: list, body: scanSchema, example: { barcode: '6901234567892', quantity: 1 },
      response: scanView, errors: ['not_found', 'wrong_barcode', 'invalid_transition'],
      handle: ({ params, body, caller }) => fulfilment.scan(params.number, body, caller.actor),
    }),
    operation({
      method: 'post', path: '/pick-lists/:number/short', tag, summary: 'Report units missing on the shelf (staff then decide in Slack or with the decision call)', permission: 'fulfilment.pick',
      description: 'The line waits, and its order cannot pack, until staff decide. Reporting again before the decision corrects the count. Staff are asked in the Slack ops channel.',
      params: list, body: shortReportSchema, example: { sku: 'TEA-001', order: 'SO-20261206-000042', missing: 1 },
      response: pickListView, errors: ['not_found', 'invalid_input', 'rule_violation', 'invalid_transition'],
      handle: ({ params, body, caller }) => fulfilment.reportShort(params.number, body, caller.actor),
    }),
    operation({
      method: 'post', path: '/pick-lists/:number/short/decision', tag, summary: 'Decide about units reported missing: backorder, ship without them, or cancel the line with a refund', permission: 'fulfilment.short_pick',
      description: 'The missing units leave the stock as an adjustment either way. The first decision wins; a second one is 409.',
      params: list, body: shortDecisionSchema, example: { order: 'SO-20261206-000042', sku: 'TEA-001', choice: 'backorder' },
      response: shortPickOutcomeView, errors: ['not_found', 'invalid_transition'],
      handle: ({ params, body, caller }) => fulfilment.decideShort({ pickList: params.number, ...body }, caller.actor),
    }),
    operation({
      method: 'put', path: '/inventory/bins', tag, summary: 'Set the bin where a SKU lives in a warehouse', permission: 'warehouse.admin',
      body: binSchema, example: { warehouse: 'SH', sku: 'TEA-001', bin: 'A-03-2' },
      response: binView, errors: ['not_found'],
      handle: async ({ body, caller }) => {
        await inventory.setBin(body, caller.actor);
        return body;
      },
    }),
    operation({
      method: 'post', path: '/orders/:number/shipments', tag, summary: 'Ship a packed order: choose the carrier, buy the label (or give the tracking number of a manual carrier)', permission: 'shipment.create',
      description: 'Without a body the best service of every configured carrier is chosen and its label bought. A carrier without a label integration answers 422 naming it (`details.trackingNumberRequired`): hand the parcel over and send `{carrier, trackingNumber}`; the tracking aggregator then follows the parcel.',
      params: order, body: shipmentCreateSchema, optionalBody: true, example: { carrier: 'SF', trackingNumber: 'SF1234567890123' },
      status: 201, response: shippedView, errors: ['not_found', 'invalid_transition', 'rule_violation', 'unavailable'],
      handle: ({ params, body, caller }) => logistics.shipOrder(params.number, caller.actor, body),
    }),
    operation({
      method: 'post', path: '/orders/:number/reattempt', tag, summary: 'After a failed delivery: another attempt on a day, at a new address if given (asked of the carrier)', permission: 'delivery.reschedule',
      params: order, body: reattemptSchema, example: { date: '2026-12-08' },
      response: reattemptView, errors: ['not_found', 'invalid_transition'],
      handle: ({ params, body, caller }) => logistics.requestReattempt(params.number, body.date, caller.actor, body.address),
    }),
    operation({
      method: 'post', path: '/orders/:number/return-to-sender', tag, summary: 'After a failed delivery: give up; the parcel comes back and its goods are received back', permission: 'shipment.create',
      params: order, body: returnToSenderSchema, example: { reason: 'address does not exist' },
      response: z.object({ orderNumber: z.string(), status: z.literal('returned') }), errors: ['not_found', 'invalid_transition'],
      handle: ({ params, body, caller }) => logistics.returnToSender(params.number, body.reason, caller.actor),
    }),
    operation({
      method: 'get', path: '/orders/:number/shipments', tag, summary: 'Shipments of an order with their tracking', permission: 'lookup',
      params: order, response: itemsOf(shipmentView), errors: ['not_found'],
      handle: async ({ params, caller }) => ({ items: await logistics.shipmentsOf(params.number, caller.actor) }),
    }),
    operation({
      method: 'put', path: '/carriers/:code', tag, summary: 'Set up a carrier: services, rates, regions and its webhook secret', permission: 'carrier.admin',
      params: { code: carrierCode.meta({ examples: ['SF'] }) }, body: carrierSetupSchema,
      example: {
        name: 'SF Express', nameZh: '顺丰速运', onTimeRate: 0.97, webhookSecret: 'a-long-random-secret-from-the-carrier',
        services: [{ code: 'STD', name: 'Standard', nameZh: '标准快递', transitDays: 2, cutoffHour: 17, supportsCod: true, codFeeMinor: 500, currency: 'CNY', regions: ['CN'], weightBands: [{ maxGrams: 1000, priceMinor: 1200 }, { maxGrams: 5000, priceMinor: 2000 }] }],
      },
      response: carrierView,
      handle: ({ params, body, caller }) => logistics.saveCarrier({ code: params.code, ...body }, caller.actor),
    }),
  ];
}
