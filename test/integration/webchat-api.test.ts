import { beforeAll, describe, expect, it } from 'vitest';
import { request, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

/** Opens the page like a browser and returns the signed visitor cookie it set. */
async function visit(): Promise<string> {
  const page = await fetch(`${app.url}/chat`, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<html lang="zh-CN">');
  expect(html).toContain('<label class="visually-hidden" for="message">您的消息</label>');
  const cookie = page.headers.get('set-cookie')!;
  expect(cookie).toMatch(/oc_visitor=v_[\w-]+\.[\w-]+; Max-Age=\d+; Path=\/chat; Expires=.*; HttpOnly; SameSite=Lax/);
  return cookie.split(';')[0]!;
}

const post = (cookie: string | undefined, body: unknown) =>
  request(`${app.url}/chat/api/messages`, { body, headers: cookie ? { cookie } : {} });

describe('web chat API', () => {
  it('refuses calls without the signed visitor cookie, or with a forged one', async () => {
    const cookie = await visit();
    const forged = cookie.replace(/\.[\w-]+$/, '.AAAA');
    expect((await post(undefined, { id: 'message-0001', text: 'hi' })).status).toBe(401);
    expect((await post(forged, { id: 'message-0001', text: 'hi' })).status).toBe(401);
    expect((await request(`${app.url}/chat/api/messages`, { headers: { cookie: 'oc_visitor=v_someone-else' } })).status).toBe(401);
    const refused = await post(undefined, { id: 'message-0001', text: 'hi' });
    expect(refused.body.error.code).toBe('unauthenticated');
  });

  it('refuses malformed messages with 400 and writes nothing', async () => {
    const cookie = await visit();
    for (const body of [{}, { id: 'short', text: 'hi' }, { id: 'message-0002' }, { id: 'message-0002', text: 'x'.repeat(4097) }, { id: 'message-0002', text: 'a', button: { data: 'x', label: 'y' } }]) {
      const response = await post(cookie, body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
    }
    expect((await request(`${app.url}/chat/api/messages?after=0`, { headers: { cookie } })).body.messages).toEqual([]);
  });

  it('answers in the visitor\'s language, handles a message id once, and keeps the transcript', async () => {
    const cookie = await visit();
    const first = await post(cookie, { id: 'message-0003', text: '/start' });
    const again = await post(cookie, { id: 'message-0003', text: '/start' });
    expect([first.body, again.body]).toEqual([{ ok: true, duplicate: false }, { ok: true, duplicate: true }]);
    const transcript = (await request(`${app.url}/chat/api/messages?after=0`, { headers: { cookie } })).body.messages;
    expect(transcript.map((message: { direction: string }) => message.direction)).toEqual(['in', 'out']);
    expect(transcript[1].text).toContain('您好，网页客户！');
    expect(transcript[1].buttons.flat().map((button: { label: string }) => button.label)).toContain('🛍 商品');
    const later = (await request(`${app.url}/chat/api/messages?after=${transcript[1].id}`, { headers: { cookie } })).body.messages;
    expect(later).toEqual([]);
  });

  it('streams a signal over server-sent events when a message arrives for the visitor', async () => {
    const cookie = await visit();
    const controller = new AbortController();
    const stream = await fetch(`${app.url}/chat/api/events`, { headers: { cookie }, signal: controller.signal });
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const reader = stream.body!.getReader();
    const received = (async () => {
      let text = '';
      while (!text.includes('event: message')) text += new TextDecoder().decode((await reader.read()).value);
      return text;
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await post(cookie, { id: 'message-0004', text: 'hello' });
    expect(await received).toContain('event: message');
    controller.abort();
  });
});

describe('web chat sessions without WEBCHAT_SECRET', () => {
  it('survive a restart and are accepted by every web process: the secret is made once and kept in the database', async () => {
    const first = await startTestApp();
    expect(first.config.WEBCHAT_SECRET).toBeUndefined();
    const page = await fetch(`${first.url}/chat`);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    expect((await request(`${first.url}/chat/api/messages`, { body: { id: 'restart-1', text: '/start' }, headers: { cookie } })).status).toBe(200);
    await first.stop();

    const [second, third] = await Promise.all([startTestApp(), startTestApp()]);
    for (const process of [second, third]) {
      const transcript = await request(`${process.url}/chat/api/messages`, { headers: { cookie } });
      expect(transcript.status).toBe(200);
      expect(transcript.body.messages[0].text).toBe('/start');
    }
    expect(await second.core.webchatSecret()).toBe(await third.core.webchatSecret());
  });
});
