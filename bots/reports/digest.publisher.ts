import { webApi } from '@slack/bolt';
import { Telegram } from 'telegraf';
import type { Config } from '../../core/shared/config.ts';
import type { Logger } from '../../core/shared/logger.ts';
import type { DailyReport, DigestChannel } from '../../core/analytics/index.ts';
import type { StaffService } from '../../core/staff/index.ts';
import { t } from '../i18n/index.ts';
import { digestMessage } from './digest.blocks.ts';
import { ordersChartPng } from './chart.ts';

/**
 * Publishes the digest: Block Kit to `SLACK_DIGEST_CHANNEL` with the 14-day chart uploaded as a
 * PNG, and the same text to every manager who linked a Telegram chat.
 */
export class SlackTelegramDigest implements DigestChannel {
  private readonly config: Config;
  private readonly staff: StaffService;
  private readonly logger: Logger;

  constructor(config: Config, staff: StaffService, logger: Logger) {
    this.config = config;
    this.staff = staff;
    this.logger = logger;
  }

  async publish(report: DailyReport): Promise<string[]> {
    const locale = this.config.DEFAULT_LOCALE;
    const message = digestMessage(report, locale);
    const delivered: string[] = [];
    const channel = this.config.SLACK_DIGEST_CHANNEL;
    if (this.config.SLACK_BOT_TOKEN && channel) {
      const slack = new webApi.WebClient(this.config.SLACK_BOT_TOKEN, { slackApiUrl: this.config.SLACK_API_URL, retryConfig: { retries: 2 } });
      await slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never });
      const from = report.series[0]?.date ?? report.date;
      await slack.files.uploadV2({
        channel_id: channel, file: ordersChartPng(report.series), filename: `orders-${report.date}.png`,
        title: t(locale, 'digest.chart', { from, to: report.date }),
      });
      delivered.push(`slack:${channel}`);
    } else {
      this.logger.info('Daily digest not posted to Slack: set SLACK_BOT_TOKEN and SLACK_DIGEST_CHANNEL');
    }
    if (this.config.TELEGRAM_BOT_TOKEN) {
      const telegram = new Telegram(this.config.TELEGRAM_BOT_TOKEN, { apiRoot: this.config.TELEGRAM_API_ROOT });
      for (const chatId of await this.staff.managerTelegramChats()) {
        await telegram.sendMessage(chatId, message.text);
        delivered.push(`telegram:${chatId}`);
      }
    }
    return delivered;
  }
}
