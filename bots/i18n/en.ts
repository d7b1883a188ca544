import { chat } from './en/chat.ts';
import { customer } from './en/customer.ts';
import { reports } from './en/reports.ts';
import { staff } from './en/staff.ts';
import { backOffice } from './en/back-office.ts';
import { wholesale } from './en/wholesale.ts';
import { bookings } from './en/bookings.ts';
import { production } from './en/production.ts';
import { fleet } from './en/fleet.ts';

/**
 * English catalogue: the source of the message keys, one file per audience under `en/`.
 * `{name}` marks a parameter. Every key must also exist in `zh-CN` (the type system and a test both insist).
 */
export const catalogueParts = { customer, chat, staff, backOffice, reports, wholesale, bookings, production, fleet } as const;

export const en = { ...customer, ...chat, ...staff, ...backOffice, ...reports, ...wholesale, ...bookings, ...production, ...fleet } as const;

export type MessageKey = keyof typeof en;
