import { beforeAll, describe, expect, it } from 'vitest';
import { customerActor, type Actor } from '../../core/shared/actor.ts';
import { resolveCustomer } from '../../core/customers/index.ts';
import { followUpsOf, followUpPolicy } from '../../core/notifications/follow-ups.ts';
import { toOutboxRecord, type OutboxRow } from '../../core/shared/outbox.ts';
import { productWithStock } from '../factories/catalog.ts';
import { request, type TestApp } from '../support/app.ts';
import { startConsolePair } from '../support/console-pair.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';

let office: TestBackOffice;
let app: TestApp;
let admin: Record<string, string>;
const pid = process.pid;
const SERVICE = `CUT-${pid}`;
const desk: Actor = { type: 'staff', id: 'U0DESK', role: 'front_desk' };
const api = (path: string, init: { method?: string; body?: unknown } = {}) => request(`${app.url}/api/v1${path}`, { ...init, headers: admin });
const sql = <T>(text: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute<T[]>(text, params);
const onGrid = (hoursAhead: number) => new Date(Math.ceil((Date.now() + hoursAhead * 3_600_000) / 900_000) * 900_000);

async function reminders(number: string) {
  const rows = await sql<OutboxRow>(`select id, topic, aggregate_type, aggregate_id, payload, created_at from outbox_event where aggregate_id = ? and topic in ('booking.confirmed', 'booking.rescheduled') order by id`, [number]);
  return followUpsOf(app.orm.em.fork(), rows.map(toOutboxRecord), followUpPolicy(app.config));
}

beforeAll(async () => {
  ({ office, app } = await startConsolePair({ DEFAULT_LOCALE: 'en', REPORT_TIMEZONE: 'Asia/Shanghai' }));
  admin = { authorization: `Bearer ${await app.apiKey()}` };
  await productWithStock(app.orm, 0, { sku: SERVICE, name: 'Haircut', nameZh: '理发', kind: 'service' });
  await api(`/bookable-services/${SERVICE}`, { method: 'PUT', body: { durationMinutes: 30, minNoticeMinutes: 0, cancelNoticeMinutes: 60, rescheduleNoticeMinutes: 60 } });
  await api('/resources', { method: 'POST', body: { code: `S${pid}`, name: 'Chen', timeZone: 'Asia/Shanghai', services: [SERVICE], hours: Array.from({ length: 7 }, (_unused, weekday) => ({ weekday, start: '00:00', end: '24:00' })) } });
});

describe('booking reminders (issue 23)', () => {
  it('a booking 3 h ahead gets only the 2 h reminder, sent once however often its job runs; a moved or cancelled booking gets none for its old time', async () => {
    const chatId = `${880_000 + (pid % 1000)}`;
    const customer = await app.orm.em.fork().transactional((tx) => resolveCustomer(tx, 'telegram', chatId, { name: 'Zhou', locale: 'en' }));
    const actor = customerActor(customer.id);
    const held = await app.core.bookings.hold({ sku: SERVICE, start: onGrid(3), resource: `S${pid}`, channel: 'telegram' }, actor);
    const confirmed = await app.core.bookings.confirm(held.number, actor);
    await eventually('the confirmation', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`📅 Booking ${held.number} is confirmed: Haircut with Chen,`)));
    expect((await reminders(held.number)).map((each) => [each.kind, each.key])).toEqual([['booking_reminder', `booking-reminder:${held.number}:v${confirmed.version}-2h`]]);

    expect(await app.core.bookings.remind(held.number, confirmed.version, 2)).toBe(true);
    // The job redelivered (a worker restart): nothing more.
    expect(await app.core.bookings.remind(held.number, confirmed.version, 2)).toBe(false);
    await eventually('the reminder', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith('⏰ Reminder: Haircut with Chen,')));
    const sent = office.telegram.messagesTo(chatId).filter((text) => text.startsWith('⏰ Reminder')).length;
    expect(sent).toBe(1);

    const moved = await app.core.bookings.reschedule(held.number, onGrid(30), confirmed.version, desk, 'customer asked');
    expect((await reminders(held.number)).filter((each) => each.kind === 'booking_reminder' && each.version === moved.version).map((each) => 'hoursBefore' in each && each.hoursBefore)).toEqual([24, 2]);
    expect(await app.core.bookings.remind(held.number, confirmed.version, 24)).toBe(false);
    await app.core.bookings.cancel(held.number, desk, 'shop closed');
    expect(await app.core.bookings.remind(held.number, moved.version, 24)).toBe(false);
    await eventually('the cancellation', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`📅 Booking ${held.number} (Haircut,`) && text.endsWith('is cancelled.')));
    expect(office.telegram.messagesTo(chatId).filter((text) => text.startsWith('⏰ Reminder'))).toHaveLength(1);
  });
});
