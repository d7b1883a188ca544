import { webApi } from '@slack/bolt';
import type { Locale } from '../../core/customers/index.ts';
import { DeliveryFailure, type Notice, type Notifier } from '../../core/notifications/index.ts';
import { staffMessage } from './blocks.ts';

/**
 * Translates a Web API error into a delivery outcome: rate limited (wait `retryAfter`), refused
 * by Slack (`channel_not_found`, `not_in_channel`... not retried), or not delivered (5xx, refused
 * connection). Anything else may have been delivered and is returned as is.
 */
export function slackFailure(error: unknown): unknown {
  const failure = error as Partial<webApi.WebAPICallError> & { retryAfter?: number; statusCode?: number; data?: { error?: string }; original?: NodeJS.ErrnoException };
  switch (failure.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new DeliveryFailure('rate_limited', 'Slack rate limited', (failure.retryAfter ?? 1) * 1000);
    case webApi.ErrorCode.PlatformError:
      return new DeliveryFailure('rejected', `Slack refused: ${failure.data?.error ?? 'unknown error'}`);
    case webApi.ErrorCode.HTTPError:
      return new DeliveryFailure((failure.statusCode ?? 500) >= 500 ? 'transient' : 'rejected', `Slack HTTP ${failure.statusCode}`);
    case webApi.ErrorCode.RequestError:
      return failure.original?.code === 'ECONNREFUSED' ? new DeliveryFailure('transient', 'Slack unreachable (ECONNREFUSED)') : error;
    default:
      return error;
  }
}

/**
 * Posts staff notices to Slack channels or, for a user id, as a direct message (`SLACK_API_URL`):
 * approval requests and tickets with their buttons, customer follow-ups in the ticket's thread.
 * Pacing and retries are the job's.
 */
export class SlackNotifier implements Notifier {
  private readonly client: webApi.WebClient;
  private readonly timeZone: string;

  constructor(token: string, apiUrl: string, timeZone: string) {
    // Rate limits are handled by the notification job (one budget across workers), not here.
    this.client = new webApi.WebClient(token, { slackApiUrl: apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    this.timeZone = timeZone;
  }

  async send(channel: string, notice: Notice, locale: Locale): Promise<{ externalId: string | null }> {
    const { text, blocks } = staffMessage(notice, locale, this.timeZone);
    const threadTs = notice.kind === 'staff_ticket_message' ? notice.threadTs : null;
    try {
      const posted = await this.client.chat.postMessage({ channel, text, ...(blocks && { blocks: blocks as never }), ...(threadTs && { thread_ts: threadTs }) });
      return { externalId: posted.ts ?? null };
    } catch (error) {
      throw slackFailure(error);
    }
  }
}
