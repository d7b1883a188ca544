import { endOfLocalDay, localDate, shiftDate } from '../shared/calendar.ts';
import type { PaymentTerms } from './account.entity.ts';

const netDays: Partial<Record<PaymentTerms, number>> = { net_7: 7, net_15: 15, net_30: 30, net_60: 60 };

/**
 * When an order on these terms must be paid: net N is the end of the business day N calendar
 * days after the day it was placed (in the business time zone); prepaid has no due date and
 * `due_on_fulfillment` gets one when its last parcel leaves.
 */
export function paymentDueAt(terms: PaymentTerms, placedAt: Date, timeZone: string): Date | null {
  const days = netDays[terms];
  return days === undefined ? null : endOfLocalDay(shiftDate(localDate(placedAt, timeZone), days), timeZone);
}
