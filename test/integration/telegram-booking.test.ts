import { beforeAll, describe, expect, it } from 'vitest';
import { productWithStock } from '../factories/catalog.ts';
import type { TestApp } from '../support/app.ts';
import type { FakeTelegramApi } from '../fakes/telegram-api.ts';
import { startTelegramTestApp, TelegramCustomer } from '../support/telegram-customer.ts';
import { encodeCallback } from '../../bots/conversation/callback-data.ts';

const secret = 'webhook-secret-for-tests';
let app: TestApp;
let telegram: FakeTelegramApi;
let chat = 9_300_000;
const pid = process.pid;
const SERVICE = `TEA-CEREMONY-${pid}`;
const customer = (languageCode = 'en') => new TelegramCustomer({ webhookUrl: `${app.url}/telegram/webhook`, secret, fake: telegram, chatId: (chat += 1), languageCode });
const sql = <T>(text: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute<T[]>(text, params);
/** The time buttons on the customer's screen now. */
const times = (buyer: TelegramCustomer) => telegram.screensOf(buyer.chatId).at(-1)!.buttons.map((button) => button.text).filter((text) => /^\d{2}:\d{2}$/.test(text));

/** Presses the latest day offered. */
async function pressLastDay(buyer: TelegramCustomer): Promise<void> {
  const days = telegram.screensOf(buyer.chatId).at(-1)!.buttons.filter((button) => /^📅 [A-Z][a-z]{2} \d/.test(button.text));
  await buyer.post(buyer.callbackUpdate(days.at(-1)!.callback_data));
}

/** Books the first time of the latest day offered (a week ahead: far from the windows within which a customer may no longer move it); returns its number. */
async function bookLastDay(buyer: TelegramCustomer): Promise<string> {
  await buyer.send('/book');
  await buyer.press(/Tea ceremony/);
  await pressLastDay(buyer);
  await buyer.press(/^\d{2}:\d{2}$/);
  await buyer.press(/Confirm booking/);
  return /Booking (BK-\d{6,}) is confirmed/.exec(buyer.lastText())![1]!;
}

async function pickFirstDay(buyer: TelegramCustomer): Promise<void> {
  await buyer.send('/book');
  await buyer.press(/Tea ceremony|茶道体验/);
  await buyer.press(/^📅 /);
}

beforeAll(async () => {
  ({ app, telegram } = await startTelegramTestApp(secret));
  await productWithStock(app.orm, 0, { sku: SERVICE, name: 'Tea ceremony', nameZh: '茶道体验', kind: 'service', priceMinor: 28_800 });
  const admin = { type: 'staff', id: 'U0ADMIN', role: 'admin' } as const;
  await app.core.bookings.defineService({ sku: SERVICE, durationMinutes: 60, slotIntervalMinutes: 60, minNoticeMinutes: 0, cancelNoticeMinutes: 1440 }, admin);
  await app.core.bookings.createResource({ code: `HALL-${pid}`, name: 'Tea hall', kind: 'room', timeZone: 'Asia/Shanghai', services: [SERVICE], hours: Array.from({ length: 7 }, (_unused, weekday) => ({ weekday, start: '00:00', end: '24:00' })) }, admin);
});

describe('booking in Telegram (issue 23)', () => {
  it('a picked time is held for the customer and hidden from others; once the hold runs out it is offered again, and the first holder hears it was taken', async () => {
    const first = customer();
    await pickFirstDay(first);
    const offered = times(first);
    expect(offered.length).toBeGreaterThan(0);
    const chosen = offered[0]!;
    await first.press(new RegExp(`^${chosen}$`));
    expect(first.lastText()).toMatch(new RegExp(`^⏳ ${chosen} on .* with HALL-${pid} is kept for you for 10 minutes\\.\\nTea ceremony · CN¥288\\.00\\nFree cancellation until 24 hours before\\.$`));

    const second = customer();
    await pickFirstDay(second);
    expect(times(second)).not.toContain(chosen);

    await sql(`update booking set hold_expires_at = now() - interval '1 minute' where status = 'held'`);
    await second.press(/‹ Another day/);
    await second.press(/^📅 /);
    expect(times(second)[0]).toBe(chosen);
    await second.press(new RegExp(`^${chosen}$`));
    expect(second.lastText()).toMatch(/^⏳/);

    await first.press(/Confirm booking/);
    expect(first.lastText()).toBe('Sorry, that time was just taken. Please pick another.');
  });

  it('Confirm is idempotent: the same update twice and a second tap give one confirmed booking; /bookings lists it with Cancel, refused politely inside the window', async () => {
    const buyer = customer('zh');
    await pickFirstDay(buyer);
    await buyer.press(/^\d{2}:\d{2}$/);
    const confirm = buyer.callbackUpdate(buyer.buttonData(/确认预约/));
    expect(await buyer.post(confirm)).toBe(200);
    expect(await buyer.post(confirm)).toBe(200);
    const number = /预约 (BK-\d{6,}) 已确认/.exec(buyer.lastText())![1]!;
    await buyer.post(buyer.callbackUpdate(buyer.buttonData(/确认预约/)));
    expect(buyer.lastText()).toContain(`预约 ${number} 已确认`);
    const rows = await sql<{ status: string; orders: string }>(
      `select b.status, (select count(*) from "order" o where o.customer_id = b.customer_id) as orders from booking b join customer_identity i on i.customer_id = b.customer_id where i.external_id = ?`, [String(buyer.chatId)]);
    expect(rows).toEqual([{ status: 'confirmed', orders: '1' }]);

    await buyer.send('/bookings');
    expect(buyer.lastText()).toContain(number);
    // Within a day of the start a customer cannot cancel here: a polite answer, nothing changes.
    await sql(`update booking set start_at = now() + interval '3 hours', end_at = now() + interval '4 hours' where number = ?`, [number]);
    await buyer.press(new RegExp(`取消 ${number}`));
    expect(buyer.lastText()).toBe(`预约 ${number} 将在 24 小时内开始，无法在此取消。请致电我们，我们会为您处理。`);
    expect((await sql<{ status: string }>('select status from booking where number = ?', [number]))[0]!.status).toBe('confirmed');
  });

  it("a reminder's [I'll be there] is recorded for the desk; the same button from before a move is stale", async () => {
    const buyer = customer();
    const number = await bookLastDay(buyer);
    const [booking] = await sql<{ version: number }>('select version from booking where number = ?', [number]);
    // The button a reminder of this version carries (rendered in test/unit/notices.test.ts).
    const attend = encodeCallback({ a: 'bka', b: number, v: booking!.version });
    expect(await buyer.post(buyer.callbackUpdate(attend))).toBe(200);
    expect(buyer.lastText()).toMatch(new RegExp(`^Thank you! We look forward to seeing you on .+ \\(booking ${number}\\)\\.$`));
    const [seen] = await sql<{ at: Date | null }>('select attendance_confirmed_at as at from booking where number = ?', [number]);
    expect(seen!.at).not.toBeNull();

    const moved = await app.core.bookings.reschedule(number, new Date(new Date((await app.core.bookings.get(number, { type: 'system' })).startAt).getTime() + 3_600_000), booking!.version, { type: 'staff', id: 'U0DESK', role: 'front_desk' }, 'asked by phone');
    expect(moved.attendanceConfirmedAt).toBeNull();
    await buyer.post(buyer.callbackUpdate(attend));
    expect(buyer.lastText()).toBe(`Booking ${number} has changed since that message. Here it is as it stands now.`);
    const [after] = await sql<{ at: Date | null }>('select attendance_confirmed_at as at from booking where number = ?', [number]);
    expect(after!.at).toBeNull();
  });

  it('a booking is moved from /bookings keeping its number; the Move button from before the move is refused as stale', async () => {
    const buyer = customer();
    const number = await bookLastDay(buyer);
    await buyer.send('/bookings');
    const oldMove = buyer.buttonData(new RegExp(`Move ${number}`));
    await buyer.press(new RegExp(`Move ${number}`));
    expect(buyer.lastText()).toBe(`Moving booking ${number}: which day?`);
    await pressLastDay(buyer);
    const target = times(buyer).at(-1)!;
    await buyer.press(new RegExp(`^${target}$`));
    expect(buyer.lastText()).toMatch(new RegExp(`^✅ Booking ${number} is moved: Tea ceremony, .* ${target} with HALL-${pid}\\.$`));
    const [row] = await sql<{ version: number; count: string }>(`select version, (select count(*) from booking b2 where b2.customer_id = b.customer_id) as count from booking b where number = ?`, [number]);
    expect(Number(row!.count)).toBe(1);
    await buyer.post(buyer.callbackUpdate(oldMove));
    expect(buyer.lastText()).toBe(`Booking ${number} has changed since that message. Here it is as it stands now.`);
  });
});
