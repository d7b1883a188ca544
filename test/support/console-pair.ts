import type { CarrierAdapter } from '../../core/logistics/index.ts';
import { startTestApp, type TestApp } from './app.ts';
import { startTestBackOffice, type TestBackOffice } from './back-office.ts';
import { SlackRequests } from './slack-signer.ts';

const signingSecret = 'console-test-signing-secret';

/** A worker and a web app sharing `env`, the web app with the Slack console on, and signed requests to it. */
export interface ConsolePair {
  office: TestBackOffice;
  app: TestApp;
  slack: SlackRequests;
}

/**
 * Starts the worker side (fake Telegram and Slack) and the web app with the Slack console
 * talking to that fake Slack. `carriers` go to the web app (and the worker too with
 * `carriersInWorker`, whose tracking job then polls them); `telegramWebhookSecret` turns the
 * Telegram webhook on.
 */
export async function startConsolePair(
  env: Record<string, string>,
  options: { carriers?: ReadonlyMap<string, CarrierAdapter>; carriersInWorker?: boolean; telegramWebhookSecret?: string } = {},
): Promise<ConsolePair> {
  const office = await startTestBackOffice(env, options.carriersInWorker ? { carriers: options.carriers } : {});
  const telegram: Record<string, string> = options.telegramWebhookSecret
    ? { TELEGRAM_BOT_TOKEN: office.telegram.token, TELEGRAM_API_ROOT: office.config.TELEGRAM_API_ROOT, TELEGRAM_WEBHOOK_SECRET: options.telegramWebhookSecret }
    : {};
  const app = await startTestApp({
    carriers: options.carriers,
    env: { ...env, ...telegram, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: office.config.SLACK_API_URL },
  });
  return { office, app, slack: new SlackRequests(`${app.url}/slack/events`, signingSecret) };
}

/** Values of a submitted modal, by block: a text field, a number field, a select, ticked checkboxes. */
export const modalText = (value: string) => ({ value: { type: 'plain_text_input', value } });
export const modalNumber = (value: string) => ({ value: { type: 'number_input', value } });
export const modalSelect = (value: string) => ({ value: { type: 'static_select', selected_option: { value } } });
export const modalChecks = (values: string[]) => ({ value: { type: 'checkboxes', selected_options: values.map((value) => ({ value })) } });
