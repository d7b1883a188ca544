import type { Locale } from '../../core/customers/index.ts';
import type { Notice } from '../../core/notifications/index.ts';
import { escapedNotice } from './escape.ts';
import { renderNotice } from '../i18n/notices.ts';
import { t } from '../i18n/index.ts';
import { actionIds, button, context, markdown, plain, type Block } from './block-kit.ts';
import { planningBlocks } from './planning-blocks.ts';

export { actionIds, button, context, enteredText, input, markdown, plain, textInput, tickedOptions, viewIds, type Block, type ModalValues } from './block-kit.ts';

/** Text and blocks of a staff notice: approval requests and tickets carry their buttons. */
export function staffMessage(notice: Notice, locale: Locale, timeZone: string): { text: string; blocks: Block[] | undefined } {
  // Buttons carry the notice's own values; the text shows its data escaped.
  const { text } = renderNotice(escapedNotice(notice), locale, timeZone);
  switch (notice.kind) {
    case 'staff_approval_requested':
    case 'staff_approval_reminder':
      return { text, blocks: [markdown(text), { type: 'actions', block_id: 'decision', elements: [
        button(t(locale, 'slack.approve'), actionIds.approve, notice.order.number, 'primary'),
        button(t(locale, 'slack.reject'), actionIds.reject, notice.order.number, 'danger'),
        button(t(locale, 'slack.contact.button'), actionIds.contact, notice.order.number),
      ] }] };
    case 'staff_credit_hold':
      return { text, blocks: [markdown(text), { type: 'actions', block_id: 'credit', elements: [
        button(t(locale, 'slack.credit.release'), actionIds.creditRelease, notice.order.number, 'primary'),
        button(t(locale, 'slack.credit.cancel'), actionIds.creditCancel, notice.order.number, 'danger'),
        button(t(locale, 'slack.contact.button'), actionIds.contact, notice.order.number),
      ] }] };
    case 'staff_quote_requested':
      return { text, blocks: [markdown(text), { type: 'actions', block_id: 'quote', elements: [
        button(t(locale, 'slack.quote.send'), actionIds.quoteSend, notice.quoteNumber, 'primary'),
        button(t(locale, 'slack.quote.cancel'), actionIds.quoteCancel, notice.quoteNumber, 'danger'),
      ] }] };
    case 'staff_ticket_opened':
    case 'staff_sla_warning':
    case 'staff_sla_breach':
      return { text, blocks: ticketBlocks(text, notice.ticketNumber, locale) };
    case 'staff_return_requested':
      return { text, blocks: [markdown(text), { type: 'actions', block_id: 'return', elements: [
        button(t(locale, 'slack.approve'), actionIds.approveReturn, notice.rma, 'primary'),
        button(t(locale, 'slack.reject'), actionIds.rejectReturn, notice.rma, 'danger'),
      ] }] };
    case 'staff_short_pick': {
      const value = JSON.stringify({ l: notice.pickList, o: notice.orderNumber, s: notice.sku });
      return { text, blocks: [markdown(text), { type: 'actions', block_id: 'short_pick', elements: [
        button(t(locale, 'slack.short.backorder'), actionIds.shortBackorder, value, 'primary'),
        button(t(locale, 'slack.short.ship_partial'), actionIds.shortShipPartial, value),
        button(t(locale, 'slack.short.cancel_line'), actionIds.shortCancelLine, value, 'danger'),
      ] }] };
    }
    case 'staff_low_stock':
      return { text, blocks: [markdown(text), { type: 'actions', block_id: 'reorder', elements: [
        button(t(locale, 'slack.create_po'), actionIds.createPurchaseOrder, JSON.stringify({ w: notice.warehouseId, p: notice.productId }), 'primary'),
      ] }] };
    case 'staff_booking_pending':
      // The block id is the one /schedule gives a booking's row: a click edits it the same way.
      return { text, blocks: [markdown(text), { type: 'actions', block_id: `booking_${notice.bookingNumber}`, elements: [
        button(t(locale, 'slack.booking.approve'), actionIds.bookingApprove, notice.bookingNumber, 'primary'),
        button(t(locale, 'slack.booking.decline'), actionIds.bookingDecline, notice.bookingNumber, 'danger'),
      ] }] };
    case 'staff_mrp_summary':
      return { text, blocks: planningBlocks(notice, locale, timeZone) };
    default:
      return { text, blocks: undefined };
  }
}

/** A ticket message with Claim, Resolve and Escalate. */
export function ticketBlocks(text: string, ticketNumber: string, locale: Locale, status?: string): Block[] {
  return [
    markdown(text),
    ...(status ? [context(status)] : []),
    { type: 'actions', block_id: 'ticket', elements: [
      button(t(locale, 'slack.claim'), actionIds.claim, ticketNumber),
      button(t(locale, 'slack.resolve'), actionIds.resolve, ticketNumber, 'primary'),
      button(t(locale, 'slack.escalate'), actionIds.escalate, ticketNumber, 'danger'),
    ] },
  ];
}

/** The original message's text blocks without its buttons, plus a line saying what happened. */
export function decidedBlocks(original: Block[], outcome: string): Block[] {
  return [...original.filter((block) => block.type !== 'actions' && block.type !== 'context'), context(outcome)];
}

/** A modal with one multiline input (reject reason, ticket resolution). */
export function reasonModal(callbackId: string, title: string, label: string, locale: Locale, metadata: Record<string, string>): Block {
  return {
    type: 'modal', callback_id: callbackId, private_metadata: JSON.stringify(metadata),
    title: plain(title.slice(0, 24)), submit: plain(t(locale, 'slack.modal.submit')), close: plain(t(locale, 'slack.modal.cancel')),
    blocks: [{ type: 'input', block_id: 'reason', label: plain(label), element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 } }],
  };
}
