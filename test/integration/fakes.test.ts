import { describe, expect, it } from 'vitest';
import { Telegram } from 'telegraf';
import { webApi } from '@slack/bolt';
import { FakeTelegramApi } from '../fakes/telegram-api.ts';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { closeAfterAll } from '../support/context.ts';

describe('fake Telegram Bot API', () => {
  it('serves the real telegraf client, records calls, and answers 429 and 403 like Telegram', async () => {
    const fake = new FakeTelegramApi();
    const apiRoot = await fake.start();
    closeAfterAll(() => fake.stop());
    const telegram = new Telegram(fake.token, { apiRoot });

    expect((await telegram.getMe()).username).toBe('order_test_bot');
    const sent = await telegram.sendMessage(42, '您好 hello');
    expect(sent.message_id).toBe(1);
    expect(fake.messagesTo(42)).toEqual(['您好 hello']);

    fake.rateLimitNext('sendMessage', 1, 3);
    await expect(telegram.sendMessage(42, 'too fast')).rejects.toMatchObject({ response: { error_code: 429, parameters: { retry_after: 3 } } });
    fake.blockedBy(99);
    await expect(telegram.sendMessage(99, 'hi')).rejects.toMatchObject({ response: { error_code: 403, description: 'Forbidden: bot was blocked by the user' } });
    expect(fake.callsTo('sendMessage')).toHaveLength(3);
  });
});

describe('fake Slack Web API', () => {
  it('serves the real Slack WebClient and records posts per channel', async () => {
    const fake = new FakeSlackApi();
    const url = await fake.start();
    closeAfterAll(() => fake.stop());
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: `${url}/api/`, retryConfig: { retries: 0 } });
    expect((await client.auth.test()).user_id).toBe('U0BOT');
    const posted = await client.chat.postMessage({ channel: 'C_APPROVALS', text: 'Order SO-1 needs approval' });
    expect(posted.ok).toBe(true);
    expect(fake.postsTo('C_APPROVALS').map((call) => call.params.text)).toEqual(['Order SO-1 needs approval']);
    expect(fake.postsTo('C_APPROVALS')[0]!.headers.authorization).toBe('Bearer xoxb-test');
  });
});
