import { beforeAll, describe, expect, it } from 'vitest';
import { customerActor, systemActor, type Actor } from '../../core/shared/actor.ts';
import { resolveCustomer } from '../../core/customers/index.ts';
import { productWithStock } from '../factories/catalog.ts';
import type { TestApp } from '../support/app.ts';
import { startConsolePair } from '../support/console-pair.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';
import type { SlackRequests } from '../support/slack-signer.ts';

let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
const pid = process.pid;
const SERVICE = `NAILS-${pid}`;
const admin: Actor = { type: 'staff', id: 'U0ADMIN', role: 'admin' };
const onGrid = (hoursAhead: number) => new Date(Math.ceil((Date.now() + hoursAhead * 3_600_000) / 900_000) * 900_000);

async function booked(hoursAhead: number, who: string) {
  const customer = await app.orm.em.fork().transactional((tx) => resolveCustomer(tx, 'api', who, { name: 'Guest', locale: 'en' }));
  const held = await app.core.bookings.hold({ sku: SERVICE, start: onGrid(hoursAhead), resource: `N${pid}`, channel: 'api' }, customerActor(customer.id));
  return app.core.bookings.confirm(held.number, customerActor(customer.id));
}

beforeAll(async () => {
  ({ office, app, slack } = await startConsolePair({ DEFAULT_LOCALE: 'en', REPORT_TIMEZONE: 'Asia/Shanghai' }));
  await app.core.staff.addStaff({ slackUserId: 'U0DESK', name: 'Lin Desk', role: 'front_desk' }, systemActor);
  await app.core.staff.addStaff({ slackUserId: 'U0AGENT', name: 'Li Agent', role: 'agent' }, systemActor);
  await productWithStock(app.orm, 0, { sku: SERVICE, name: 'Manicure', kind: 'service' });
  await app.core.bookings.defineService({ sku: SERVICE, durationMinutes: 30, minNoticeMinutes: 0 }, admin);
  await app.core.bookings.createResource({ code: `N${pid}`, name: 'Desk 1', timeZone: 'Asia/Shanghai', services: [SERVICE], hours: Array.from({ length: 7 }, (_unused, weekday) => ({ weekday, start: '00:00', end: '24:00' })) }, admin);
});

describe('the front desk in Slack (issue 23)', () => {
  it('/schedule lists the day with buttons; check-in then complete edit the row; a no-show before the grace period is refused privately', async () => {
    const visit = await booked(30, `sched-${pid}-1`);
    const later = await booked(31, `sched-${pid}-2`);
    expect((await slack.command('U0AGENT', '/schedule', visit.localDate)).body.text).toMatch(/^Sorry, your role \(agent\) cannot/);

    // The customer pressed a reminder's [I'll be there]: the desk sees it.
    const guest = await app.orm.em.fork().transactional((tx) => resolveCustomer(tx, 'api', `sched-${pid}-1`, { name: 'Guest' }));
    await app.core.bookings.acknowledge(visit.number, visit.version, customerActor(guest.id));
    const answer = await slack.command('U0DESK', '/schedule', `${visit.localDate} n${pid}`);
    const shown = JSON.stringify(answer.body.blocks);
    expect(shown).toContain(`${visit.localTime} · N${pid} · ${visit.number} Manicure · confirmed · ✅ said they will come`);
    expect(shown).not.toContain(`${later.number} Manicure · confirmed · ✅`);
    expect(shown).toContain('booking_check_in');
    const card = { channel: 'C_STAFF', ts: '1733480000.000300', blocks: answer.body.blocks };

    await slack.click('U0DESK', 'booking_check_in', visit.number, card);
    await eventually('checked in', async () => (await app.core.bookings.get(visit.number, admin)).status === 'checked_in');
    await eventually('the row edited', () => office.slack.callsTo('chat.update').some((call) => String(call.params.text).startsWith(`${visit.number}: checked in by Lin Desk, `)));
    await slack.click('U0DESK', 'booking_complete', visit.number, card);
    await eventually('completed', async () => (await app.core.bookings.get(visit.number, admin)).status === 'completed');

    await slack.click('U0DESK', 'booking_no_show', later.number, card);
    await eventually('the refusal', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === 'U0DESK' && String(call.params.text).includes('no-show from')));
    expect((await app.core.bookings.get(later.number, admin)).status).toBe('confirmed');
  });

  it('a customer past the no-show limit books into a card in the approvals channel: Confirm wins, a later Decline is refused privately', async () => {
    const who = `sched-${pid}-late`;
    for (const hours of [40, 41]) {
      const missed = await booked(hours, who);
      await app.orm.em.fork().getConnection().execute(`update booking set start_at = now() - interval '1 hour', end_at = now() - interval '30 minutes' where number = ?`, [missed.number]);
      await app.core.bookings.markNoShow(missed.number, admin);
    }
    const waiting = await booked(42, who);
    expect(waiting.status).toBe('pending_confirmation');
    await eventually('the approvals card', () => office.slack.posted.some((post) => post.channel === 'C_APPROVALS' && post.text.includes(waiting.number)));
    const posted = office.slack.posted.find((post) => post.channel === 'C_APPROVALS' && post.text.includes(waiting.number))!;
    expect(JSON.stringify(posted.blocks)).toMatch(/booking_approve.*booking_decline/);
    await slack.click('U0DESK', 'booking_approve', waiting.number, posted);
    await eventually('confirmed', async () => (await app.core.bookings.get(waiting.number, admin)).status === 'confirmed');
    await eventually('the card edited', () => office.slack.callsTo('chat.update').some((call) => call.params.ts === posted.ts && String(call.params.text).startsWith(`${waiting.number}: confirmed by Lin Desk`)));
    await slack.click('U0DESK', 'booking_decline', waiting.number, posted);
    await eventually('the late click refused', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === 'U0DESK' && String(call.params.text).includes(waiting.number)));
    expect((await app.core.bookings.get(waiting.number, admin)).status).toBe('confirmed');
  });
});
