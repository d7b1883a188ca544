import type { Locale } from '../../core/customers/index.ts';
import type { Notice, PlanningRow } from '../../core/notifications/index.ts';
import { t } from '../i18n/index.ts';
import { planningRow } from '../i18n/staff-notices.ts';
import { actionIds, button, context, markdown, type Block } from './block-kit.ts';
import { escapedNotice } from './escape.ts';

type Summary = Extract<Notice, { kind: 'staff_mrp_summary' }>;

/** The block of one suggestion's buttons: its id is how a click edits that row alone. */
export const suggestionBlockId = (id: number) => `mrp_${id}`;

/**
 * The planning summary card: the headline, then each suggestion with [Create PO] or [Create MO]
 * and [Dismiss], then [Create all POs for <supplier>] for a supplier with several buys.
 */
export function planningBlocks(notice: Summary, locale: Locale, timeZone: string): Block[] {
  const safe = escapedNotice(notice) as Summary;
  const headline = safe.rows.length === 0
    ? t(locale, 'notice.staff_mrp_summary.none')
    : t(locale, 'notice.staff_mrp_summary', { count: safe.buy + safe.make, buy: safe.buy, late: safe.lateBuy, make: safe.make });
  const rows = safe.rows.flatMap((row: PlanningRow): Block[] => [
    markdown(planningRow(row, locale, timeZone)),
    { type: 'actions', block_id: suggestionBlockId(row.id), elements: [
      button(t(locale, row.action === 'buy' ? 'slack.mrp.create_po' : 'slack.mrp.create_mo'), actionIds.mrpAccept, String(row.id), 'primary'),
      button(t(locale, 'slack.mrp.dismiss'), actionIds.mrpDismiss, String(row.id)),
    ] },
  ]);
  const suppliers = [...new Set(notice.rows.filter((row) => row.action === 'buy' && row.supplier).map((row) => row.supplier!))]
    .filter((supplier) => notice.rows.filter((row) => row.supplier === supplier).length > 1).sort();
  const grouped: Block[] = suppliers.length === 0 ? [] : [{ type: 'actions', block_id: 'mrp_suppliers', elements: suppliers.slice(0, 5).map((supplier) =>
    button(t(locale, 'slack.mrp.create_all', { supplier }), actionIds.mrpAcceptSupplier, supplier)) }];
  return [markdown(headline), ...rows, ...grouped, ...(notice.more > 0 ? [context(t(locale, 'notice.staff_mrp_summary.more', { count: notice.more }))] : [])];
}
