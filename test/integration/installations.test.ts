import { describe, expect, it } from 'vitest';
import { escapeIdentifier } from 'pg';
import { migrateDatabase } from '../../core/db.ts';
import { ensureDatabase } from '../../core/shared/database.ts';
import { createCoreServices } from '../../core/services.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { customerActor } from '../../core/shared/actor.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { eventually, startTestBackOffice, type TestBackOffice, type TestBackOfficeOptions } from '../support/back-office.ts';
import { testConfig, testOrm } from '../support/app.ts';
import { closeAfterAll, testContext } from '../support/context.ts';
import { databaseUrl, dropDatabase, onServer } from '../support/databases.ts';

/*
 * Every shop here shares this file's BULLMQ_PREFIX on one Redis, as two shops configured
 * alike would: only the installation id (made by the first migration) keeps them apart.
 */

let databases = 0;

/** A database made the way a new shop's is: created, then migrated (so it has its own installation id). */
async function newShopDatabase(): Promise<{ name: string; url: string }> {
  databases += 1;
  const name = `${testContext.databaseName}_s${databases}`;
  const url = databaseUrl(name);
  closeAfterAll(() => onServer((client) => dropDatabase(client, name)));
  await ensureDatabase(url);
  await migrateDatabase(url);
  return { name, url };
}

const shopEnv = (url: string) => ({ DATABASE_URL: url, APPROVAL_THRESHOLD_MINOR: '100000', DEFAULT_LOCALE: 'en', CHAT_MAX_QUANTITY_PER_LINE: '1000', CHAT_MAX_UNITS_PER_ORDER: '100000' });
const openShop = (url: string, options: TestBackOfficeOptions = {}) => startTestBackOffice(shopEnv(url), options);
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

/** What a shop's day sent for: the order numbers needing approval, the chats ordering, the tickets. */
interface ShopDay {
  approvals: string[];
  chats: string[];
  tickets: string[];
}

/**
 * Four orders above the approval threshold (a Slack approval request each, and a "waits for a
 * check" message to the customer), four ordinary ones (a confirmation each) and two
 * complaints (a Slack support notice each).
 */
async function shopDay(office: TestBackOffice, firstChat: number): Promise<ShopDay> {
  const { sku } = await productWithStock(office.orm, 10_000, { priceMinor: 4800 });
  const chats = Array.from({ length: 8 }, (_, i) => String(firstChat + i));
  const placed = [];
  for (const [i, chatId] of chats.entries()) placed.push(await chatOrder(office.core, { sku, chatId, quantity: i < 4 ? 30 : 1 }));
  const approvals = placed.slice(0, 4).map(({ order }) => order.number);
  expect(placed.map(({ order }) => order.status)).toEqual([...Array(4).fill('pending_approval'), ...Array(4).fill('confirmed')]);
  const tickets: string[] = [];
  for (const chatId of chats.slice(4, 6)) {
    const customer = await office.core.customers.resolve({ channel: 'telegram', externalId: chatId }, { name: `Customer ${chatId}` });
    tickets.push((await office.core.support.openTicket({ kind: 'complaint', description: `Parcel of ${chatId} arrived wet`, channel: 'telegram', actor: customerActor(customer.id) })).number);
  }
  return { approvals, chats, tickets };
}

const approvalPosts = (office: TestBackOffice) => office.slack.postsTo('C_APPROVALS').map((post) => String(post.params.text));
const ticketPosts = (office: TestBackOffice) => office.slack.postsTo('C_SUPPORT').map((post) => String(post.params.text));
const chatSends = (office: TestBackOffice, chatId: string) => office.telegram.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === chatId).length;

const times = (numbers: string[], number: string) => numbers.filter((each) => each === number).length;

/** Waits for every message of `days`, then checks that each arrived exactly once. */
async function expectEachDeliveredOnce(office: TestBackOffice, days: ShopDay[]): Promise<void> {
  const approvals = days.flatMap((day) => day.approvals);
  const chats = days.flatMap((day) => day.chats);
  const tickets = days.flatMap((day) => day.tickets);
  const arrived = () => approvalPosts(office).length >= approvals.length && ticketPosts(office).length >= tickets.length && chats.every((chatId) => chatSends(office, chatId) >= 1);
  await eventually('every approval request, confirmation and ticket notice', arrived, 30_000);
  await settle();
  // A restored database numbers its orders and tickets again from where the backup was: a number
  // then names one order of each day, and is posted once per day.
  for (const number of approvals) expect(approvalPosts(office).filter((text) => text.includes(`Order ${number} `)), number).toHaveLength(times(approvals, number));
  expect(approvalPosts(office)).toHaveLength(approvals.length);
  for (const number of tickets) expect(ticketPosts(office).filter((text) => text.includes(number)), number).toHaveLength(times(tickets, number));
  expect(ticketPosts(office)).toHaveLength(tickets.length);
  expect(chats.map((chatId) => chatSends(office, chatId))).toEqual(chats.map(() => 1));
  expect(office.telegram.callsTo('sendMessage')).toHaveLength(chats.length);
}

describe('two shops on one Redis with the same BULLMQ_PREFIX', () => {
  it('one after the other: the second shop\'s messages all arrive, though its rows have the first shop\'s ids', async () => {
    const first = await openShop((await newShopDatabase()).url);
    const firstDay = await shopDay(first, 810_000);
    await expectEachDeliveredOnce(first, [firstDay]);
    await first.stop();

    const second = await openShop((await newShopDatabase()).url);
    expect(await second.core.installationId()).not.toBe(await first.core.installationId());
    const secondDay = await shopDay(second, 810_000);
    // The same order numbers and notification ids as the first shop's: only the namespace differs.
    expect(secondDay.approvals).toEqual(firstDay.approvals);
    await expectEachDeliveredOnce(second, [secondDay]);
  }, 90_000);

  it('at the same time: each shop gets its own messages exactly once', async () => {
    const [a, b] = await Promise.all([newShopDatabase(), newShopDatabase()]);
    const [shopA, shopB] = await Promise.all([openShop(a.url), openShop(b.url)]);
    expect(await shopA.core.installationId()).not.toBe(await shopB.core.installationId());
    const [dayA, dayB] = await Promise.all([shopDay(shopA, 820_000), shopDay(shopB, 820_000)]);
    const [laterA, laterB] = await Promise.all([shopDay(shopA, 820_100), shopDay(shopB, 820_100)]);
    await Promise.all([expectEachDeliveredOnce(shopA, [dayA, laterA]), expectEachDeliveredOnce(shopB, [dayB, laterB])]);
  }, 90_000);
});

describe('a database restored while Redis keeps what it had', () => {
  it('dropped and migrated again (an empty backup): new orders are notified', async () => {
    const { name, url } = await newShopDatabase();
    const before = await openShop(url);
    const installation = await before.core.installationId();
    const day = await shopDay(before, 830_000);
    await expectEachDeliveredOnce(before, [day]);
    await before.stop();

    await onServer((client) => dropDatabase(client, name));
    await ensureDatabase(url);
    await migrateDatabase(url);
    const after = await openShop(url, { telegram: before.telegram, slack: before.slack });
    expect(await after.core.installationId()).not.toBe(installation);
    const again = await shopDay(after, 830_100);
    await expectEachDeliveredOnce(after, [day, again]);
  }, 90_000);

  it('restored from a backup of the same installation (same ids, same sequences): new orders are notified', async () => {
    const { name, url } = await newShopDatabase();
    const backup = `${name}_b`;
    closeAfterAll(() => onServer((client) => dropDatabase(client, backup)));
    await onServer((client) => client.query(`create database ${escapeIdentifier(backup)} template ${escapeIdentifier(name)}`));

    const before = await openShop(url);
    const installation = await before.core.installationId();
    const day = await shopDay(before, 840_000);
    await expectEachDeliveredOnce(before, [day]);
    await before.stop();

    await onServer(async (client) => {
      await dropDatabase(client, name);
      await client.query(`create database ${escapeIdentifier(name)} template ${escapeIdentifier(backup)}`);
    });
    const after = await openShop(url, { telegram: before.telegram, slack: before.slack });
    expect(await after.core.installationId()).toBe(installation);
    const again = await shopDay(after, 840_100);
    expect(again.approvals).toEqual(day.approvals);
    await expectEachDeliveredOnce(after, [day, again]);
  }, 90_000);
});

describe('a malformed event in the outbox', () => {
  it('between two good ones: both good ones are notified, the bad one is set aside with one ops alert', async () => {
    const { url } = await newShopDatabase();
    const config = testConfig(shopEnv(url));
    const orm = await testOrm(undefined, config);
    const core = createCoreServices(orm, config, systemClock);
    const { sku } = await productWithStock(orm, 100);
    const good1 = await chatOrder(core, { sku, chatId: '850001' });
    const [bad] = await orm.em.getConnection().execute<Array<{ id: string }>>(
      `insert into outbox_event (topic, aggregate_type, aggregate_id, payload, created_at)
       values ('inventory.low_stock', 'stock', '1', '{"warehouseId": "x", "productId": 1}', now()) returning id`,
    );
    const good2 = await chatOrder(core, { sku, chatId: '850002' });
    const badId = Number(bad!.id);

    const office = await startTestBackOffice({ ...shopEnv(url), SLACK_OPS_CHANNEL: 'C_OPS' });
    await eventually('both confirmations', () => chatSends(office, '850001') === 1 && chatSends(office, '850002') === 1);
    expect(office.telegram.messagesTo('850001')[0]).toContain(`Order ${good1.order.number} is confirmed`);
    expect(office.telegram.messagesTo('850002')[0]).toContain(`Order ${good2.order.number} is confirmed`);
    await eventually('the ops alert', () => office.slack.postsTo('C_OPS').length >= 1);
    await settle();
    const alerts = office.slack.postsTo('C_OPS').map((post) => String(post.params.text));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain(`Event #${badId} (inventory.low_stock) could not be turned into notifications and was set aside`);
    expect(alerts[0]).toContain('warehouseId');

    const [row] = await orm.em.fork().getConnection().execute<Array<{ dead_at: Date | null; dispatched_at: Date | null; last_error: string }>>('select dead_at, dispatched_at, last_error from outbox_event where id = ?', [badId]);
    expect(row!.dead_at).not.toBeNull();
    expect(row!.dispatched_at).toBeNull();
    expect(row!.last_error).toMatch(/^inventory\.low_stock payload: warehouseId/);

    // The operator sees it, retries it (it fails again: set aside again, and said so), then drops it.
    const admin = { type: 'staff' as const, id: 'U_ADMIN', role: 'admin' as const };
    const letters = await office.core.notifications.deadLetters(admin);
    expect(letters.map((letter) => [letter.kind, letter.id, letter.about, letter.state])).toEqual([['event', badId, 'inventory.low_stock', 'dead']]);
    await expect(office.core.notifications.deadLetters({ type: 'staff', id: 'U_AGENT', role: 'agent' })).rejects.toMatchObject({ code: 'forbidden' });
    await office.core.notifications.retryDeadLetter('event', badId, admin);
    await eventually('set aside again', async () => (await office.core.notifications.deadLetters(admin)).length === 1);
    await office.core.notifications.dropDeadLetter('event', badId, admin);
    expect(await office.core.notifications.deadLetters(admin)).toEqual([]);
    await expect(office.core.notifications.dropDeadLetter('event', badId, admin)).rejects.toMatchObject({ code: 'not_found' });
    await settle();
    expect(office.slack.postsTo('C_OPS')).toHaveLength(2);
    expect(office.telegram.callsTo('sendMessage')).toHaveLength(2);
  }, 60_000);
});
