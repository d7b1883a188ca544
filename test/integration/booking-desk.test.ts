import { beforeAll, describe, expect, it } from 'vitest';
import { productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { hourlyHolds } from '../support/bookings.ts';
import type { Actor } from '../../core/shared/actor.ts';
import { digestFigures } from '../../bots/reports/digest.blocks.ts';

let app: TestApp;
let auth: Record<string, string>;
const desk: Actor = { type: 'staff', id: 'U0DESK', role: 'front_desk' };
const pid = process.pid;
const [TREAT, LENIENT, GLOVES, GEL] = [`TREAT-${pid}`, `LENIENT-${pid}`, `GLOVES-${pid}`, `GEL-${pid}`];
const api = (path: string, init: { method?: string; body?: unknown } = {}) => request(`${app.url}/api/v1${path}`, { ...init, headers: auth });
const sql = <T>(text: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute<T[]>(text, params);
const level = async (sku: string) => (await sql<{ on_hand: number; reserved: number }>('select s.on_hand, s.reserved from stock_level s join product p on p.id = s.product_id where p.sku = ?', [sku]))[0];
const movements = (reference: string) => sql<{ sku: string; kind: string; on_hand_delta: number; reserved_delta: number }>(
  'select p.sku, m.kind, m.on_hand_delta, m.reserved_delta from stock_movement m join product p on p.id = m.product_id where m.reference = ? order by m.id', [reference]);
let hold: (sku: string, who: string) => Promise<string>;
/**
 * Moves a booking to yesterday noon at the business time zone (as time passing would), and with
 * `cancelledAt` its cancellation to 11:00 that day: one business day whatever the clock says now
 * ("an hour ago" is the day before just after midnight).
 */
async function startedYesterdayNoon(number: string, cancelledAt = false): Promise<void> {
  const noon = `(date_trunc('day', now() at time zone '${app.config.REPORT_TIMEZONE}') - interval '12 hours') at time zone '${app.config.REPORT_TIMEZONE}'`;
  await sql(`update booking set start_at = ${noon}, end_at = ${noon} + interval '30 minutes' where number = ?`, [number]);
  await sql(`update booking_resource set blocked_range = tstzrange(${noon}, ${noon} + interval '30 minutes') where booking_id = (select id from booking where number = ?)`, [number]);
  if (cancelledAt) await sql(`update audit_entry set created_at = ${noon} - interval '1 hour' where entity_type = 'booking' and entity_id = ? and action = 'booking.cancelled'`, [number]);
}

beforeAll(async () => {
  app = await startTestApp();
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  hold = hourlyHolds(app.url, auth, `R${pid}`);
  await productWithStock(app.orm, 100, { sku: GLOVES, kind: 'material' });
  await productWithStock(app.orm, 15, { sku: GEL, kind: 'material' });
  for (const [sku, shortage] of [[TREAT, 'block'], [LENIENT, 'allow']] as const) {
    await productWithStock(app.orm, 0, { sku, kind: 'service' });
    const defined = await api(`/bookable-services/${sku}`, { method: 'PUT', body: { durationMinutes: 30, minNoticeMinutes: 0, noShowGraceMinutes: 15, noShowLimit: 2, consumableShortage: shortage, consumables: [{ sku: GLOVES, quantity: 2 }, { sku: GEL, quantity: 10 }] } });
    if (defined.status !== 200) throw new Error(JSON.stringify(defined.body));
  }
  await api('/resources', { method: 'POST', body: { code: `R${pid}`, name: 'Room 1', kind: 'room', timeZone: 'Asia/Shanghai', services: [TREAT, LENIENT], hours: Array.from({ length: 7 }, (_unused, weekday) => ({ weekday, start: '00:00', end: '24:00' })) } });
});

describe('bookings at the desk (issue 23)', () => {
  it('consumables are reserved at confirmation and used at completion with actual quantities through the ledger', async () => {
    const number = await hold(TREAT, `desk-${pid}-1`);
    await api(`/bookings/${number}/confirm`, { method: 'POST' });
    expect(await movements(number)).toEqual([{ sku: GLOVES, kind: 'reservation', on_hand_delta: 0, reserved_delta: 2 }, { sku: GEL, kind: 'reservation', on_hand_delta: 0, reserved_delta: 10 }]);
    expect(await level(GEL)).toEqual({ on_hand: 15, reserved: 10 });
    const early = await api(`/bookings/${number}/complete`, { method: 'POST' });
    expect([early.status, early.body.error.code]).toEqual([409, 'invalid_transition']);
    await api(`/bookings/${number}/check-in`, { method: 'POST' });
    const done = await api(`/bookings/${number}/complete`, { method: 'POST', body: { consumables: [{ sku: GEL, quantity: 12 }] } });
    expect([done.status, done.body.status, done.body.consumed]).toEqual([200, 'completed', { [GLOVES]: 2, [GEL]: 12 }]);
    expect((await movements(number)).slice(2)).toEqual([{ sku: GLOVES, kind: 'service_consume', on_hand_delta: -2, reserved_delta: -2 }, { sku: GEL, kind: 'service_consume', on_hand_delta: -12, reserved_delta: -10 }]);
    expect([await level(GEL), await level(GLOVES)]).toEqual([{ on_hand: 3, reserved: 0 }, { on_hand: 98, reserved: 0 }]);
    expect(await app.core.inventory.integrityMismatches(desk)).toEqual([]);
  });

  it('a short consumable blocks the booking, or with `allow` books it with one ops alert; no path creates stock', async () => {
    // 3 ml of gel left, 10 needed.
    const blocked = await hold(TREAT, `desk-${pid}-2`);
    const refused = await api(`/bookings/${blocked}/confirm`, { method: 'POST' });
    expect([refused.status, refused.body.error.code, refused.body.error.details.lines]).toEqual([409, 'insufficient_stock', [{ sku: GEL, required: 10, available: 3 }]]);
    expect((await api(`/bookings/${blocked}`)).body.status).toBe('held');
    expect(await movements(blocked)).toEqual([]);

    const allowed = await hold(LENIENT, `desk-${pid}-3`);
    const booked = await api(`/bookings/${allowed}/confirm`, { method: 'POST' });
    expect(booked.body.status).toBe('confirmed');
    expect(await movements(allowed)).toEqual([{ sku: GLOVES, kind: 'reservation', on_hand_delta: 0, reserved_delta: 2 }]);
    const alerts = await sql<{ count: string }>(`select count(*) from outbox_event where topic = 'booking.supplies_short' and aggregate_id = ?`, [allowed]);
    expect(Number(alerts[0]!.count)).toBe(1);
    // Cancelling gives back what was reserved; the gel stays as it was (nothing created).
    await app.core.bookings.cancel(allowed, desk, 'test over');
    expect([await level(GLOVES), await level(GEL)]).toEqual([{ on_hand: 98, reserved: 0 }, { on_hand: 3, reserved: 0 }]);
    expect(await app.core.inventory.integrityMismatches(desk)).toEqual([]);
  });

  it('no-show only after the grace period and never for a cancelled booking; two no-shows make the next booking wait for staff', async () => {
    await api('/inventory/receipts', { method: 'POST', body: { lines: [{ sku: GEL, quantity: 100 }], reference: 'top-up' } });
    const who = `desk-${pid}-4`;
    const first = await hold(TREAT, who);
    await api(`/bookings/${first}/confirm`, { method: 'POST' });
    const tooEarly = await api(`/bookings/${first}/no-show`, { method: 'POST' });
    expect([tooEarly.status, tooEarly.body.error.code]).toEqual([422, 'rule_violation']);
    await startedYesterdayNoon(first);
    expect((await api(`/bookings/${first}/no-show`, { method: 'POST' })).body.status).toBe('no_show');
    expect((await movements(first)).filter((row) => row.kind === 'release')).toHaveLength(2);

    const cancelled = await hold(TREAT, who);
    await api(`/bookings/${cancelled}/confirm`, { method: 'POST' });
    await app.core.bookings.cancel(cancelled, desk, 'customer called');
    await startedYesterdayNoon(cancelled, true);
    const never = await api(`/bookings/${cancelled}/no-show`, { method: 'POST' });
    expect([never.status, never.body.error.code]).toEqual([409, 'invalid_transition']);

    const second = await hold(TREAT, who);
    await api(`/bookings/${second}/confirm`, { method: 'POST' });
    await startedYesterdayNoon(second);
    await api(`/bookings/${second}/no-show`, { method: 'POST' });

    const third = await hold(TREAT, who);
    const waits = await api(`/bookings/${third}/confirm`, { method: 'POST' });
    expect(waits.body.status).toBe('pending_confirmation');
    expect(await movements(third)).toEqual([]);
    const approved = await api(`/bookings/${third}/approve`, { method: 'POST' });
    expect(approved.body.status).toBe('confirmed');
    expect(await movements(third)).toHaveLength(2);
    expect(await app.core.inventory.integrityMismatches(desk)).toEqual([]);
    const agent: Actor = { type: 'staff', id: 'U0AGENT', role: 'agent' };
    await expect(app.core.bookings.markNoShow(third, agent)).rejects.toMatchObject({ code: 'forbidden' });

    // The digest of the day the two missed bookings were: both kept bookings were no-shows, and the
    // one staff cancelled now starts within its day's notice of when it was cancelled.
    const [day] = await sql<{ date: string }>(`select to_char(start_at at time zone ?, 'YYYY-MM-DD') as date from booking where number = ?`, [app.config.REPORT_TIMEZONE, second]);
    const report = await app.core.analytics.dailyReport(day!.date, desk);
    expect([report.bookings, report.bookingNoShows, report.lateCancellations]).toEqual([2, 2, 1]);
    expect(digestFigures(report, 'en')).toContain("Bookings: 2 (2 no-shows); 1 cancelled by staff inside the customer's window");
    // Two kept half hours of a room open around the clock.
    expect(report.utilisation).toEqual([{ resource: 'Room 1', bookedMinutes: 60, workingMinutes: 1440 }]);
    expect(digestFigures(report, 'en')).toContain('Utilisation (booked of working time): 4% (Room 1 4%)');
    expect(digestFigures(report, 'zh-CN')).toContain('资源利用率（已预约/工作时间）：4%（Room 1 4%）');
  });
});
