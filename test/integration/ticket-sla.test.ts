import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/shared/actor.ts';
import { parseBusinessHours, slaTimes, Ticket, type SlaStage } from '../../core/service/index.ts';
import { checkSla } from '../../core/service/sla.ts';
import { customerActor } from '../../core/shared/actor.ts';
import { AuditEntry } from '../../core/shared/audit.entity.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';

let office: TestBackOffice;
let customerId: number;

beforeAll(async () => {
  office = await startTestBackOffice({ DEFAULT_LOCALE: 'en' });
  await office.core.staff.addStaff({ slackUserId: 'U0MGR', name: 'Zhou', role: 'manager' }, systemActor);
  const { sku } = await productWithStock(office.orm, 10);
  const { order } = await chatOrder(office.core, { sku, chatId: '6600001' });
  customerId = (await office.core.orders.getOrder(order.number, systemActor)).customer.id;
});

const complaint = () => office.core.support.openTicket({ kind: 'complaint', description: 'Parcel arrived wet', channel: 'telegram', actor: customerActor(customerId) });
/** The SLA timer at a chosen moment (the job uses the clock's now). */
const timer = (number: string, stage: SlaStage, at: Date) => office.orm.em.fork().transactional((tx) => checkSla(tx, number, stage, at));
const manager = { type: 'staff' as const, id: 'U0MGR', role: 'manager' as const };
const supportPosts = (ticket: string) => office.slack.postsTo('C_SUPPORT').filter((post) => String(post.params.text).includes(ticket)).map((post) => String(post.params.text));

describe('first-response SLA', () => {
  it('an unanswered complaint warns at 80 % and escalates at the breach, once each, with a fake clock', async () => {
    const ticket = await complaint();
    const opened = new Date('2026-11-20T08:00:00Z');
    const { warnAt, dueAt } = slaTimes(opened, 'normal', parseBusinessHours('1-5', '09:00-18:00', 'Asia/Shanghai'));

    expect(await timer(ticket.number, 'warn', warnAt)).toBe('warned');
    expect(await timer(ticket.number, 'warn', warnAt)).toBe('nothing');
    await eventually('the warning in Slack', () => supportPosts(ticket.number).some((text) => text.startsWith(`⏰ Ticket ${ticket.number} (normal)`)));

    expect(await timer(ticket.number, 'breach', dueAt)).toBe('breached');
    expect(await timer(ticket.number, 'breach', dueAt)).toBe('nothing');
    const escalated = await office.orm.em.fork().findOneOrFail(Ticket, { number: ticket.number });
    expect([escalated.escalationLevel, escalated.priority, escalated.slaWarnedAt, escalated.slaBreachedAt]).toEqual([1, 'high', warnAt, dueAt]);
    await eventually('the breach in Slack', () => supportPosts(ticket.number).some((text) => text.startsWith(`🚨 Ticket ${ticket.number}`) && text.includes('<@U0MGR>')));
    const breach = office.slack.postsTo('C_SUPPORT').find((post) => String(post.params.text).startsWith(`🚨 Ticket ${ticket.number}`))!;
    expect(JSON.stringify(breach.params.blocks)).toMatch(/ticket_claim.*ticket_resolve.*ticket_escalate/);

    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(supportPosts(ticket.number).filter((text) => /^(⏰|🚨)/.test(text))).toHaveLength(2);
    const steps = await office.orm.em.fork().find(AuditEntry, { entityType: 'ticket', entityId: ticket.number }, { orderBy: { id: 'asc' } });
    expect(steps.map((entry) => entry.action)).toEqual(['ticket.opened', 'ticket.sla_warning', 'ticket.sla_breached']);
  });

  it('a ticket answered in time is neither warned nor escalated for its first response, but its resolution clock runs on', async () => {
    const ticket = await complaint();
    await office.core.support.claimTicket(ticket.number, manager);
    expect(await timer(ticket.number, 'warn', new Date())).toBe('nothing');
    expect(await timer(ticket.number, 'breach', new Date())).toBe('nothing');
    expect(await timer(ticket.number, 'resolution_warn', new Date())).toBe('warned');
    expect(await timer(ticket.number, 'resolution_breach', new Date())).toBe('breached');
    expect(await timer(ticket.number, 'resolution_breach', new Date())).toBe('nothing');
    await eventually('the resolution breach in Slack', () => supportPosts(ticket.number).some((text) => text.startsWith(`🚨 Ticket ${ticket.number} from Customer 6600001 is not resolved within its resolution time`)));
  });

  it('a resolved ticket stops both clocks', async () => {
    const ticket = await complaint();
    await office.core.support.resolveTicket(ticket.number, 'Sent a new one', manager);
    for (const stage of ['warn', 'breach', 'resolution_warn', 'resolution_breach'] as const) {
      expect(await timer(ticket.number, stage, new Date())).toBe('nothing');
    }
  });

  it('opening a ticket sets its two timers as delayed jobs', async () => {
    const ticket = await complaint();
    const queue = office.queues.queues.get('events')!;
    // Job ids carry the ticket's creation time, so a ticket numbered again after a restore gets its own.
    const id = (stage: string) => `sla-${stage}-${ticket.number}-${new Date(ticket.createdAt).getTime().toString(36)}`;
    await eventually('the timers', async () => Boolean(await queue.getJob(id('breach'))));
    const warn = (await queue.getJob(id('warn')))!;
    const breach = (await queue.getJob(id('breach')))!;
    expect([warn.data, breach.data]).toEqual([{ ticketNumber: ticket.number, stage: 'warn' }, { ticketNumber: ticket.number, stage: 'breach' }]);
    expect(breach.timestamp + breach.delay).toBeGreaterThan(warn.timestamp + warn.delay);
    const resolutionBreach = (await queue.getJob(id('resolution_breach')))!;
    expect(resolutionBreach.timestamp + resolutionBreach.delay).toBeGreaterThan(breach.timestamp + breach.delay);
  });
});

describe('tickets over the REST API', () => {
  it('opens a ticket about an order or for a shop customer, and refuses bad input', async () => {
    const { startTestApp, request } = await import('../support/app.ts');
    const app = await startTestApp();
    const headers = { authorization: `Bearer ${await app.apiKey()}` };
    const byCustomer = await request(`${app.url}/api/v1/tickets`, { body: { customer: { externalId: 'shop-77', name: 'Wu' }, kind: 'inquiry', description: 'Do you ship to Macau?' }, headers });
    expect(byCustomer.status).toBe(201);
    expect(byCustomer.body).toMatchObject({ kind: 'inquiry', status: 'open', priority: 'normal', orderNumber: null });
    const shown = await request(`${app.url}/api/v1/tickets/${byCustomer.body.number}`, { headers });
    expect(shown.body).toMatchObject({ number: byCustomer.body.number, customerName: 'Wu', description: 'Do you ship to Macau?' });
    expect((await request(`${app.url}/api/v1/tickets`, { body: { kind: 'inquiry', description: 'x' }, headers })).status).toBe(400);
    expect((await request(`${app.url}/api/v1/tickets`, { body: { orderNumber: 'SO-20260101-999999', kind: 'complaint', description: 'x' }, headers })).status).toBe(404);
    expect((await request(`${app.url}/api/v1/tickets/T-999999`, { headers })).status).toBe(404);
  });
});
