import { redactSecrets, type Logger } from '../core/shared/logger.ts';
import {
  isDeliveryFailure, type DeliveryChannel, type NotificationRecord, type NotificationService, type Notifier,
} from '../core/notifications/index.ts';
import { RetryLater } from './registry.ts';
import type { SendRateLimiter } from './rate-limiter.ts';

/** What sending notifications needs. */
export interface NotifyDeps {
  notifications: NotificationService;
  logger: Logger;
  /** One notifier per channel that is switched on. */
  notifiers: Partial<Record<DeliveryChannel, Notifier>>;
  limiter: SendRateLimiter;
  /** Counts outcomes for `/metrics`. @default none */
  metrics?: SendMetrics | undefined;
}

/** What the sender reports to the metrics. */
export interface SendMetrics {
  /** A notification reached a final state (`sent`, `failed`, `uncertain`, `unreachable`). */
  settled(channel: DeliveryChannel, outcome: string): void;
  /** The platform answered 429. */
  rateLimited(channel: DeliveryChannel): void;
}

/** Waits up to this long in the job for a send slot; longer waits put the job back instead. */
const maxInlineWaitMs = 1500;
/** How soon a message waiting for an earlier one to the same chat looks again. */
const orderRecheckMs = 250;

/** What became of one notification job. */
export type SendOutcome = 'sent' | 'already_settled' | 'uncertain' | 'unreachable' | 'rejected' | 'skipped' | 'missing' | 'taken';

/**
 * Sends one notification, at most once. A redelivered job finds the row settled and sends
 * nothing; a row left `sending` by a worker that died mid-request is marked `uncertain` and not
 * repeated. Messages to one chat go out in event order, paced by the platform limits. The
 * look, the claim and the "sent" of jobs in flight side by side share one statement each.
 *
 * @param lastAttempt whether BullMQ will give up after this attempt (transient failures then settle as failed)
 */
export async function sendNotification(deps: NotifyDeps, id: number, lastAttempt: boolean): Promise<SendOutcome> {
  const { notifications } = deps;
  const standing = await notifications.look(id);
  switch (standing.state) {
    case 'missing':
      return 'missing';
    case 'settled':
      return 'already_settled';
    case 'waiting':
      throw new RetryLater(orderRecheckMs, 'an earlier message to this recipient goes first');
    case 'sending':
      await notifications.setAside(standing.row, 'uncertain', 'sender stopped during the request; not repeated');
      deps.metrics?.settled(standing.row.channel, 'uncertain');
      deps.logger.warn({ notification: id, channel: standing.row.channel }, 'notification outcome unknown after a worker stopped; not resent');
      return 'uncertain';
    case 'ready':
      break;
  }
  const row = standing.row;
  const notifier = deps.notifiers[row.channel];
  if (!notifier) {
    await notifications.settle(id, 'skipped', { error: `${row.channel} is switched off` });
    return 'skipped';
  }
  await waitForSlot(deps.limiter, row);
  if (!(await notifications.claim(id))) return 'taken';
  try {
    const { externalId } = await notifier.send(row.recipient, row.notice, row.locale);
    await notifications.markSent(id, externalId);
    deps.metrics?.settled(row.channel, 'sent');
    return 'sent';
  } catch (error) {
    return settleFailure(deps, row, error, lastAttempt);
  }
}

/** A slot within `maxInlineWaitMs`, else the job goes back to the queue for later. */
async function waitForSlot(limiter: SendRateLimiter, row: NotificationRecord): Promise<void> {
  const slot = await limiter.waitFor(row.channel, row.recipient, maxInlineWaitMs);
  if (!slot.booked) throw new RetryLater(slot.waitMs, `${row.channel} send rate limit`);
}

async function settleFailure(deps: NotifyDeps, row: NotificationRecord, error: unknown, lastAttempt: boolean): Promise<SendOutcome> {
  const { notifications } = deps;
  // Stored on the row and shown to operators: a failed request's message may name the bot token in its URL.
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  if (!isDeliveryFailure(error)) {
    // The request may have reached the platform: sending again could repeat the message.
    await notifications.setAside(row, 'uncertain', message);
    deps.metrics?.settled(row.channel, 'uncertain');
    deps.logger.error({ notification: row.id, channel: row.channel, err: message }, 'notification send failed with an unknown outcome; not resent');
    return 'uncertain';
  }
  switch (error.kind) {
    case 'rate_limited':
      await notifications.settle(row.id, 'pending', { error: message });
      deps.metrics?.rateLimited(row.channel);
      await deps.limiter.pause(row.channel, error.retryAfterMs);
      deps.logger.warn({ channel: row.channel, retryAfterMs: error.retryAfterMs }, 'platform rate limit hit; pausing this sender');
      throw new RetryLater(error.retryAfterMs, message);
    case 'unreachable': {
      const skipped = await notifications.markRecipientUnreachable(row, message);
      deps.metrics?.settled(row.channel, 'unreachable');
      deps.logger.info({ channel: row.channel, notification: row.id, skipped }, 'recipient unreachable; marked and no longer messaged');
      return 'unreachable';
    }
    case 'rejected':
      await notifications.setAside(row, 'failed', message);
      deps.metrics?.settled(row.channel, 'failed');
      deps.logger.warn({ channel: row.channel, notification: row.id, err: message }, 'notification refused by the platform; not retried');
      return 'rejected';
    case 'transient':
      if (lastAttempt) {
        await notifications.setAside(row, 'failed', message);
        deps.metrics?.settled(row.channel, 'failed');
      } else {
        await notifications.settle(row.id, 'pending', { error: message });
      }
      throw error;
  }
}
