import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { Notification } from '../../core/notifications/index.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { request, startTestApp } from '../support/app.ts';
import { eventually, startTestBackOffice } from '../support/back-office.ts';
import { closeAfterAll } from '../support/context.ts';
import { WebVisitor } from '../support/web-visitor.ts';

describe('no secret in the logs', () => {
  it('cookies, Set-Cookie, bearer keys, query tokens and the bot token in a failed request never reach a log line, a stored error or an alert', async () => {
    let logged = '';
    const sink = new Writable({ write(chunk: Buffer, _encoding, done) { logged += chunk.toString(); done(); } });
    // A "Telegram" that hangs up mid-request: the client's error message names the URL, bot token included.
    const hangUp = createServer((socket) => socket.destroy());
    hangUp.listen(0, '127.0.0.1');
    await once(hangUp, 'listening');
    closeAfterAll(async () => { hangUp.close(); });
    const office = await startTestBackOffice({ TELEGRAM_API_ROOT: `http://127.0.0.1:${(hangUp.address() as AddressInfo).port}`, SLACK_OPS_CHANNEL: 'C_OPS', DEFAULT_LOCALE: 'en' }, { logDestination: sink });
    const app = await startTestApp({ logDestination: sink, env: { WEBCHAT_SECRET: 'webchat-secret-for-the-log-test' } });

    const key = await app.apiKey(['orders:read']);
    expect((await request(`${app.url}/api/v1/orders`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const visitor = await WebVisitor.arrive(app.url);
    expect((await visitor.send('hello')).status).toBe(200);
    const pickListToken = 'pick-list-token-0123456789';
    await request(`${app.url}/pick-lists/PL-000001/print?token=${pickListToken}`);
    const { sku } = await productWithStock(office.orm, 10);
    await chatOrder(office.core, { sku, chatId: '7300001' });
    const row = async () => office.orm.em.fork().findOne(Notification, { recipient: '7300001' });
    await eventually('the send failed with an unknown outcome', async () => (await row())?.status === 'uncertain', 20_000);
    await eventually('the ops alert', () => office.slack.postsTo('C_OPS').length === 1);

    const botToken = office.telegram.token;
    const secrets = [key, visitor.cookie.split('=')[1]!, pickListToken, botToken, 'webchat-secret-for-the-log-test'];
    expect(logged).toContain('"set-cookie":"[redacted]"');
    expect(logged).toMatch(/\/bot\d+:\[REDACTED\]\/sendMessage failed/);
    expect(logged).toContain('token=[redacted]');
    for (const secret of secrets) expect(logged.includes(secret), `a log line holds ${secret.slice(0, 6)}…`).toBe(false);
    expect((await row())!.lastError).not.toContain(botToken);
    expect(JSON.stringify(office.slack.postsTo('C_OPS')[0]!.params)).not.toContain(botToken);
  });
});
