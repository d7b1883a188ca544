import { beforeAll, describe, expect, it } from 'vitest';
import { productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { customerActor, type Actor } from '../../core/shared/actor.ts';
import { localDate, localInstant, shiftDate } from '../../core/shared/calendar.ts';

let app: TestApp;
let auth: Record<string, string>;
const tz = 'Asia/Shanghai';
const SERVICE = `MASSAGE-${process.pid}`;
/** Given by A, B and C only. */
const FACIAL = `FACIAL-${process.pid}`;
const desk: Actor = { type: 'staff', id: 'U0DESK', role: 'front_desk' };
const api = (path: string, init: { method?: string; body?: unknown } = {}) => request(`${app.url}/api/v1${path}`, { ...init, headers: auth });
const sql = <T>(text: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute<T[]>(text, params);
/** `HH:MM` on the local day `days` from today at the resources. */
const at = (days: number, time: string) => localInstant(shiftDate(localDate(new Date(), tz), days), Number(time.slice(0, 2)) * 60 + Number(time.slice(3)), tz)!.toISOString();
let customers = 0;
const hold = (start: string, resource?: string, sku = SERVICE) => api('/bookings', { method: 'POST', body: { sku, start, ...(resource && { resource }), customer: { externalId: `bk-${process.pid}-${(customers += 1)}`, name: 'Guest' } } });
const everyDay = (start: string, end: string) => Array.from({ length: 7 }, (_unused, weekday) => ({ weekday, start, end }));

beforeAll(async () => {
  app = await startTestApp();
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  await productWithStock(app.orm, 0, { sku: SERVICE, name: 'Massage 30 min', kind: 'service' });
  const defined = await api(`/bookable-services/${SERVICE}`, { method: 'PUT', body: { durationMinutes: 30, bufferAfterMinutes: 0, slotIntervalMinutes: 15, minNoticeMinutes: 120, maxAdvanceDays: 30, cancelNoticeMinutes: 1440, rescheduleNoticeMinutes: 1440 } });
  if (defined.status !== 200) throw new Error(JSON.stringify(defined.body));
  await productWithStock(app.orm, 0, { sku: FACIAL, name: 'Facial', kind: 'service' });
  await api(`/bookable-services/${FACIAL}`, { method: 'PUT', body: { durationMinutes: 45, minNoticeMinutes: 120, maxAdvanceDays: 30 } });
  for (const code of ['A', 'B', 'C']) {
    const made = await api('/resources', { method: 'POST', body: { code: `${code}${process.pid}`, name: `Therapist ${code}`, timeZone: tz, services: [SERVICE, FACIAL], hours: everyDay('09:00', '18:00') } });
    if (made.status !== 201) throw new Error(JSON.stringify(made.body));
  }
  await api('/resources', { method: 'POST', body: { code: `D${process.pid}`, name: 'Night desk', timeZone: tz, services: [SERVICE], hours: everyDay('00:00', '24:00') } });
});

describe('bookings without double booking (issue 23, first piece)', () => {
  it('20 parallel holds of one resource at 10:00: one succeeds, 19 get 409 with alternatives; 10:00 against 10:15 conflicts; raw SQL cannot overlap either', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => hold(at(3, '10:00'), `A${process.pid}`)));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(refused.map((answer) => [answer.status, answer.body.error.code])).toEqual(Array.from({ length: 19 }, () => [409, 'slot_unavailable']));
    expect(refused[0]!.body.error.details.alternatives[0]).toMatchObject({ localTime: '10:30' });

    const [early, late] = await Promise.all([hold(at(3, '11:00'), `B${process.pid}`), hold(at(3, '11:15'), `B${process.pid}`)]);
    expect([early.status, late.status].sort()).toEqual([201, 409]);

    const [row] = await sql<{ resource_id: number; booking_id: number }>(`select resource_id, booking_id from booking_resource where active order by id limit 1`);
    await expect(sql(`insert into booking_resource (booking_id, resource_id, blocked_range, active) select booking_id, resource_id, blocked_range, true from booking_resource where booking_id = ?`, [row!.booking_id]))
      .rejects.toMatchObject({ code: '23P01' });
  });

  it('"anyone" spreads concurrent holds over the qualified resources: 5 at once on 3 free people → 3 holds on distinct resources, 2 × 409', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => hold(at(4, '14:00'), undefined, FACIAL)));
    const held = answers.filter((answer) => answer.status === 201);
    expect(held).toHaveLength(3);
    expect(new Set(held.map((answer) => answer.body.resource)).size).toBe(3);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(2);
  });

  it('refuses by rule: inside the notice, beyond the window, off the grid; bad input is 400, never 500', async () => {
    const soon = await hold(new Date(Date.now() + 30 * 60_000).toISOString(), `D${process.pid}`);
    expect([soon.status, soon.body.error.code]).toEqual([422, 'notice_period']);
    const far = await hold(at(40, '10:00'), `A${process.pid}`);
    expect([far.status, far.body.error.code]).toEqual([422, 'too_far_ahead']);
    const offGrid = await hold(at(5, '10:05'), `A${process.pid}`);
    expect([offGrid.status, offGrid.body.error.code, offGrid.body.error.details.reason]).toEqual([422, 'rule_violation', 'outside_hours']);
    const night = await hold(at(5, '20:00'), `A${process.pid}`);
    expect([night.status, night.body.error.details.reason]).toEqual([422, 'outside_hours']);
    for (const body of [{ sku: SERVICE, start: 'tomorrow', customer: { externalId: 'x', name: 'y' } }, { sku: SERVICE, start: at(5, '10:00') }]) {
      expect((await api('/bookings', { method: 'POST', body })).status).toBe(400);
    }
    const unknown = await api('/bookings', { method: 'POST', body: { sku: 'NO-SUCH', start: at(5, '10:00'), customer: { externalId: 'x', name: 'y' } } });
    expect(unknown.status).toBe(404);
    const zone = await api('/resources', { method: 'POST', body: { code: `Z${process.pid}`, name: 'Mars', timeZone: 'Mars/Olympus', services: [SERVICE], hours: [] } });
    expect([zone.status, zone.body.error.code]).toEqual([400, 'invalid_input']);
    const slots = await api(`/bookable-services/${SERVICE}/slots?from=${shiftDate(localDate(new Date(), tz), 40)}&to=${shiftDate(localDate(new Date(), tz), 41)}`);
    expect(slots.body.items).toEqual([]);
  });

  it('confirm is idempotent; a customer cancels until 24 h before, not after (422 cancellation_window), staff still may with a reason, audited', async () => {
    const placed = await hold(at(6, '09:00'), `C${process.pid}`);
    const first = await api(`/bookings/${placed.body.number}/confirm`, { method: 'POST' });
    const again = await api(`/bookings/${placed.body.number}/confirm`, { method: 'POST' });
    expect([first.body.status, again.body.status, again.body.version]).toEqual(['confirmed', 'confirmed', first.body.version]);
    const [owner] = await sql<{ customer_id: number }>('select customer_id from booking where number = ?', [placed.body.number]);
    const customer = customerActor(owner!.customer_id);
    expect((await app.core.bookings.cancel(placed.body.number, customer)).status).toBe('cancelled');
    expect(await sql('select id from booking_resource where active and booking_id = (select id from booking where number = ?)', [placed.body.number])).toEqual([]);

    // 23 hours ahead, on the night desk's grid.
    const soon = new Date(Math.ceil((Date.now() + 23 * 3_600_000) / 900_000) * 900_000).toISOString();
    const late = await hold(soon, `D${process.pid}`);
    await api(`/bookings/${late.body.number}/confirm`, { method: 'POST' });
    const [lateOwner] = await sql<{ customer_id: number }>('select customer_id from booking where number = ?', [late.body.number]);
    await expect(app.core.bookings.cancel(late.body.number, customerActor(lateOwner!.customer_id))).rejects.toMatchObject({ code: 'cancellation_window' });
    await expect(app.core.bookings.cancel(late.body.number, desk)).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await app.core.bookings.cancel(late.body.number, desk, 'therapist ill')).status).toBe('cancelled');
    const audit = await sql<{ actor_id: string; after: { reason: string } }>(`select actor_id, after from audit_entry where entity_id = ? and action = 'booking.cancelled'`, [late.body.number]);
    expect(audit).toEqual([{ actor_id: 'U0DESK', after: expect.objectContaining({ reason: 'therapist ill' }) }]);
    // Another customer's booking does not exist for them.
    await expect(app.core.bookings.get(placed.body.number, customerActor(lateOwner!.customer_id))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a reschedule keeps the number, raises the version, may overlap its own old time, is refused into a taken time, and an old version is refused', async () => {
    const placed = await hold(at(7, '10:00'), `A${process.pid}`);
    await api(`/bookings/${placed.body.number}/confirm`, { method: 'POST' });
    const blocker = await hold(at(7, '11:00'), `A${process.pid}`);
    const current = (await api(`/bookings/${placed.body.number}`)).body;
    const moved = await api(`/bookings/${placed.body.number}/reschedule`, { method: 'POST', body: { start: at(7, '10:15'), version: current.version } });
    expect([moved.status, moved.body.number, moved.body.localTime, moved.body.version]).toEqual([200, placed.body.number, '10:15', current.version + 1]);
    const stale = await api(`/bookings/${placed.body.number}/reschedule`, { method: 'POST', body: { start: at(7, '10:30'), version: current.version } });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'concurrent_update']);
    const into = await api(`/bookings/${placed.body.number}/reschedule`, { method: 'POST', body: { start: at(7, '10:45'), version: moved.body.version } });
    expect([into.status, into.body.error.code]).toEqual([409, 'slot_unavailable']);
    expect((await api(`/bookings/${placed.body.number}`)).body).toMatchObject({ localTime: '10:15', version: moved.body.version });
    expect(blocker.status).toBe(201);
  });

  it('a hold runs out: the slot is free again for others, and the old holder\'s confirm takes it again only if still free', async () => {
    const first = await hold(at(8, '15:00'), `A${process.pid}`);
    const waiting = await hold(at(8, '15:00'), `A${process.pid}`);
    expect(waiting.status).toBe(409);
    await sql(`update booking set hold_expires_at = now() - interval '1 minute' where number = ?`, [first.body.number]);
    const second = await hold(at(8, '15:00'), `A${process.pid}`);
    expect(second.status).toBe(201);
    const late = await api(`/bookings/${first.body.number}/confirm`, { method: 'POST' });
    expect([late.status, late.body.error.code]).toEqual([409, 'slot_unavailable']);

    const lone = await hold(at(8, '16:00'), `A${process.pid}`);
    await sql(`update booking set hold_expires_at = now() - interval '1 minute' where number = ?`, [lone.body.number]);
    expect(await app.core.bookings.expireHolds()).toBeGreaterThanOrEqual(1);
    const retaken = await api(`/bookings/${lone.body.number}/confirm`, { method: 'POST' });
    expect([retaken.status, retaken.body.status]).toEqual([200, 'confirmed']);
  });

  it('time off over a confirmed booking is refused, naming it; once staff reassign it (constraint-checked) the time off is accepted', async () => {
    const placed = await hold(at(9, '10:00'), `B${process.pid}`);
    const confirmed = await api(`/bookings/${placed.body.number}/confirm`, { method: 'POST' });
    const day = shiftDate(localDate(new Date(), tz), 9);
    const refused = await api(`/resources/B${process.pid}/exceptions`, { method: 'POST', body: { date: day, kind: 'closed', reason: 'Dentist' } });
    expect([refused.status, refused.body.error.code, refused.body.error.details.bookings]).toEqual([422, 'rule_violation', [placed.body.number]]);
    // A's 10:00 is taken by someone else: the move is refused and nothing changes.
    const other = await hold(at(9, '10:00'), `A${process.pid}`);
    const move = (version: number) => api(`/bookings/${placed.body.number}/reschedule`, { method: 'POST', body: { start: at(9, '10:00'), version, resource: `A${process.pid}`, reason: 'B is off' } });
    const clash = await move(confirmed.body.version);
    expect([clash.status, clash.body.error.code]).toEqual([409, 'slot_unavailable']);
    expect((await api(`/bookings/${placed.body.number}`)).body).toMatchObject({ resource: `B${process.pid}`, version: confirmed.body.version });
    await app.core.bookings.cancel(other.body.number, desk, 'test');
    const moved = await move(confirmed.body.version);
    expect([moved.status, moved.body.number, moved.body.resource, moved.body.startAt]).toEqual([200, placed.body.number, `A${process.pid}`, at(9, '10:00')]);
    expect((await api(`/resources/B${process.pid}/exceptions`, { method: 'POST', body: { date: day, kind: 'closed', reason: 'Dentist' } })).status).toBe(201);
    const unknown = await api(`/bookings/${placed.body.number}/reschedule`, { method: 'POST', body: { start: at(9, '10:00'), version: moved.body.version, resource: 'NOBODY' } });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    const facial = await hold(at(10, '14:00'), `B${process.pid}`, FACIAL);
    const unqualified = await api(`/bookings/${facial.body.number}/reschedule`, { method: 'POST', body: { start: at(10, '14:00'), version: facial.body.version, resource: `D${process.pid}` } });
    expect([unqualified.status, unqualified.body.error.code, unqualified.body.error.message]).toEqual([422, 'rule_violation', `D${process.pid} does not give ${FACIAL}`]);
    const slots = await api(`/bookable-services/${SERVICE}/slots?from=${day}&to=${day}&resource=B${process.pid}`);
    expect(slots.body.items).toEqual([]);
  });
});
