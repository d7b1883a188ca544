import { z } from 'zod';
import { defineJobs } from './registry.ts';
import { approvalStages } from '../core/notifications/index.ts';

const rowId = z.number().int().positive();

/**
 * Every job of the platform: its queue, payload schema and retry policy.
 * A name here without a processor in `jobs/processors.ts` stops the worker at start-up.
 */
export const jobDefinitions = defineJobs({
  /**
   * One notification row (job id `ntf-<id>-<time token>`, enqueued by the outbox relay after it
   * committed the rows): sent at most once, in order, within platform limits.
   */
  'notify.send': {
    queue: 'notifications',
    payload: z.object({ notificationId: rowId }),
    attempts: 8,
    backoffMs: 2000,
  },
  /**
   * An approval request still undecided at a rung of the ladder: remind the managers
   * (APPROVAL_REMINDER_MINUTES, job id `remind-<event>-<token>`), escalate to the managers'
   * channel (APPROVAL_ESCALATION_MINUTES), reject (APPROVAL_TIMEOUT_HOURS).
   */
  'approvals.remind': {
    queue: 'events',
    payload: z.object({ eventId: rowId, orderNumber: z.string().min(1).max(32), stage: z.enum(approvalStages).default('remind') }),
    attempts: 5,
  },
  /** Daily: a draft purchase order per supplier for everything below its reorder point. */
  'inventory.reorder': {
    queue: 'maintenance',
    payload: z.object({}),
    attempts: 3,
  },
  /** A booking's reminder (24 h and 2 h before), sent only if it is still confirmed at that version. */
  'bookings.remind': {
    queue: 'events',
    payload: z.object({ bookingNumber: z.string().min(1).max(20), version: z.number().int().positive(), hoursBefore: z.number().int().positive() }),
    attempts: 5,
  },
  /** Every minute: holds on booking slots that ran out stop taking their time. */
  'bookings.expire-holds': {
    queue: 'maintenance',
    payload: z.object({}),
    attempts: 3,
  },
  /** Daily (FLEET_PLAN_HOUR): the own fleet's routes; each driver gets theirs in Telegram. */
  'logistics.plan-fleet': {
    queue: 'maintenance',
    payload: z.object({}),
    attempts: 3,
  },
  /** Daily (06:00) and on demand: material planning; its summary goes to the ops channel with buttons. */
  'inventory.mrp': {
    queue: 'maintenance',
    payload: z.object({}),
    attempts: 3,
  },
  /** Daily: open the cycle counts due today by ABC class (A weekly, B monthly, C quarterly). */
  /** Weekly (Monday 06:00, before the cycle counts): ABC classes from 90 days' sales value. */
  'inventory.abc-classes': {
    queue: 'maintenance',
    payload: z.object({}),
    attempts: 3,
  },
  'inventory.cycle-counts': {
    queue: 'maintenance',
    payload: z.object({}),
    attempts: 3,
  },
  /** At a sent quote's validity: it expires unless it was accepted, declined or sent again (the version says which sending). */
  'quotes.expire': {
    queue: 'events',
    payload: z.object({ quoteNumber: z.string().min(1).max(20), version: z.number().int().positive() }),
    attempts: 5,
  },
  /** Hourly: company orders held on credit longer than their account's `creditHoldDays` are cancelled (stock released, buyer told). */
  'orders.credit-hold-expiry': {
    queue: 'maintenance',
    payload: z.object({}),
    attempts: 3,
  },
  /** Daily: company orders unpaid past their due date are marked overdue once (buyer and staff told). */
  'orders.payment-overdue': {
    queue: 'maintenance',
    payload: z.object({}),
    attempts: 3,
  },
  /** Hourly: stock levels against the ledger and the open reservations; mismatches to Slack. */
  'inventory.integrity-check': {
    queue: 'maintenance',
    payload: z.object({}),
    attempts: 3,
  },
  /** Every few minutes: ask the carriers about shipments on their way; new events move orders and tell customers. */
  'logistics.track': {
    queue: 'maintenance',
    payload: z.object({}),
    attempts: 3,
  },
  /** FEEDBACK_DELAY_MINUTES after delivery: ask the customer for a rating (unless they gave one). */
  'feedback.request': {
    queue: 'events',
    payload: z.object({ orderNumber: z.string().min(1).max(32) }),
    attempts: 5,
  },
  /** 08:00 REPORT_TIMEZONE: yesterday's digest to Slack (and managers' Telegram), once per date. */
  'reports.daily-digest': {
    queue: 'maintenance',
    payload: z.object({ date: z.iso.date().optional() }),
    attempts: 3,
    backoffMs: 60_000,
  },
  /** A ticket's SLA timer (job id `sla-<stage>-<ticket>-<token>`): warn at 80 %, escalate at the breach. */
  'tickets.sla': {
    queue: 'events',
    payload: z.object({ ticketNumber: z.string().min(1).max(20), stage: z.enum(['warn', 'breach', 'resolution_warn', 'resolution_breach']) }),
    attempts: 5,
  },
  /**
   * Every PAYMENT_SWEEP_SECONDS: unpaid online orders past PAYMENT_EXPIRY_MINUTES are cancelled
   * (reminded once halfway), paid orders that closed get their refund, refunds are sent to the provider.
   */
  'payments.sweep': {
    queue: 'maintenance',
    payload: z.object({}),
    attempts: 1,
  },
  'maintenance.purge-idempotency-keys': {
    queue: 'maintenance',
    payload: z.object({ olderThanHours: z.number().int().positive().default(24) }),
    attempts: 3,
  },
});

export type JobDefinitionsOfApp = typeof jobDefinitions;
