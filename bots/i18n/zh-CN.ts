import type { MessageKey } from './en.ts';
import { chat } from './zh-CN/chat.ts';
import { customer } from './zh-CN/customer.ts';
import { reports } from './zh-CN/reports.ts';
import { staff } from './zh-CN/staff.ts';
import { backOffice } from './zh-CN/back-office.ts';
import { wholesale } from './zh-CN/wholesale.ts';
import { bookings } from './zh-CN/bookings.ts';
import { fleet } from './zh-CN/fleet.ts';
import { production } from './zh-CN/production.ts';

/** Simplified Chinese catalogue; same keys and parameters as `en`, one file per audience under `zh-CN/`. */
export const zhCN: Record<MessageKey, string> = { ...customer, ...chat, ...staff, ...backOffice, ...reports, ...wholesale, ...bookings, ...production, ...fleet };
