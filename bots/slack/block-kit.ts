/** Block Kit building blocks, shared by every card of the console. */

/** A Block Kit block (kept loose: Slack validates the shape). */
export type Block = Record<string, unknown>;

/** Action ids of the console's buttons: the contract between the blocks and the handlers. */
export const actionIds = {
  approve: 'order_approve',
  reject: 'order_reject',
  claim: 'ticket_claim',
  resolve: 'ticket_resolve',
  escalate: 'ticket_escalate',
  createPurchaseOrder: 'po_create',
  approveCount: 'count_approve',
  approveReturn: 'return_approve',
  rejectReturn: 'return_reject',
  restockReturn: 'return_restock',
  writeOffReturn: 'return_write_off',
  refundReturn: 'return_refund',
  claimPickList: 'pick_claim',
  contact: 'order_contact',
  shipTransfer: 'transfer_ship',
  receiveTransfer: 'transfer_receive',
  openPickList: 'pick_open',
  shortBackorder: 'short_backorder',
  shortShipPartial: 'short_ship_partial',
  shortCancelLine: 'short_cancel_line',
  creditRelease: 'credit_release',
  creditCancel: 'credit_cancel',
  quoteSend: 'quote_send',
  quoteCancel: 'quote_cancel',
  mrpAccept: 'mrp_accept',
  mrpDismiss: 'mrp_dismiss',
  mrpAcceptSupplier: 'mrp_accept_supplier',
  moRelease: 'mo_release',
  moReport: 'mo_report',
  moClose: 'mo_close',
  moCancel: 'mo_cancel',
  bookingCheckIn: 'booking_check_in',
  bookingComplete: 'booking_complete',
  bookingNoShow: 'booking_no_show',
  bookingApprove: 'booking_approve',
  bookingDecline: 'booking_decline',
  fleetPlan: 'fleet_plan',
  fleetMove: 'fleet_move',
} as const;

/** Callback ids of the console's modals. */
export const viewIds = { reject: 'order_reject_modal', resolve: 'ticket_resolve_modal', newOrder: 'new_order_modal', bulkOrder: 'bulk_order_modal', count: 'stock_count_modal', rejectReturn: 'return_reject_modal', receive: 'po_receive_modal', product: 'product_modal', contact: 'order_contact_modal', productionReport: 'mo_report_modal', productionClose: 'mo_close_modal', faq: 'faq_modal' } as const;

export const plain = (text: string) => ({ type: 'plain_text', text: text.slice(0, 3000), emoji: true });
/** One modal field; its value is read from `values[block].value`. */
export const input = (block: string, label: string, element: Block, optional = false): Block =>
  ({ type: 'input', block_id: block, optional, label: plain(label), element: { action_id: 'value', ...element } });
/** A text field of a modal, filled with `initial` when there is one. */
export const textInput = (initial: string | null | undefined, maxLength: number, multiline = false): Block =>
  ({ type: 'plain_text_input', max_length: maxLength, ...(multiline && { multiline }), ...(initial && { initial_value: initial }) });
/** What a submitted modal's fields hold, by block. */
export type ModalValues = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null; selected_options?: Array<{ value: string }> }>>;
/** The trimmed text of one field ('' when empty). */
export const enteredText = (values: ModalValues, block: string): string => values[block]?.value?.value?.trim() ?? '';
/** The options ticked in one checkbox field. */
export const tickedOptions = (values: ModalValues, block: string): Set<string> => new Set((values[block]?.value?.selected_options ?? []).map((option) => option.value));
export const markdown = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } });
export const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: text.slice(0, 3000) }] });

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Block {
  return { type: 'button', text: plain(text), action_id: actionId, value, ...(style && { style }) };
}

