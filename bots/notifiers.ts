import { Telegram } from 'telegraf';
import type { Config } from '../core/shared/config.ts';
import type { Logger } from '../core/shared/logger.ts';
import type { DeliveryChannel, Notifier } from '../core/notifications/index.ts';
import type { ConversationService } from '../core/conversations/index.ts';
import { TelegramNotifier } from './telegram/telegram.notifier.ts';
import { WebchatNotifier } from './webchat/webchat.notifier.ts';
import { SlackNotifier } from './slack/slack.notifier.ts';
import { EmailNotifier } from './email/email.notifier.ts';

/**
 * The notifier of every channel that is configured. A channel without its token is switched
 * off with one log line; its customers are simply not messaged there.
 */
export function createNotifiers(config: Config, conversations: ConversationService, logger: Logger): Partial<Record<DeliveryChannel, Notifier>> {
  const timeZone = config.REPORT_TIMEZONE;
  const notifiers: Partial<Record<DeliveryChannel, Notifier>> = { webchat: new WebchatNotifier(conversations, timeZone) };
  if (config.TELEGRAM_BOT_TOKEN) {
    notifiers.telegram = new TelegramNotifier(new Telegram(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT }), timeZone);
  } else {
    logger.info('Telegram notifications are off: TELEGRAM_BOT_TOKEN is not set');
  }
  if (config.SLACK_BOT_TOKEN) {
    notifiers.slack = new SlackNotifier(config.SLACK_BOT_TOKEN, config.SLACK_API_URL, timeZone);
  } else {
    logger.info('Slack notifications are off: SLACK_BOT_TOKEN is not set');
  }
  if (config.SMTP_URL) {
    notifiers.email = new EmailNotifier(config.SMTP_URL, config.MAIL_FROM, timeZone);
  } else {
    logger.info('E-mail notifications are off: SMTP_URL is not set');
  }
  return notifiers;
}
