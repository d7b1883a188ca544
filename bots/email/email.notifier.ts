import { createTransport, type Transporter } from 'nodemailer';
import type { Locale } from '../../core/customers/index.ts';
import { DeliveryFailure, type Notice, type Notifier } from '../../core/notifications/index.ts';
import { emailMessage } from './email.message.ts';

/**
 * Translates an SMTP outcome into a delivery outcome: a permanent refusal (5xx, such as an
 * unknown mailbox, or no valid recipient) is not retried; a temporary one (4xx) or a server
 * that could not be reached is retried; anything else (a connection lost while the message
 * was on its way) may have been delivered and is returned as is.
 */
export function emailFailure(error: unknown): unknown {
  const failure = error as { code?: string; responseCode?: number; message?: string };
  if (typeof failure.responseCode === 'number') {
    return new DeliveryFailure(failure.responseCode >= 500 ? 'rejected' : 'transient', `SMTP ${failure.responseCode}: ${failure.message ?? ''}`.slice(0, 300));
  }
  if (failure.code === 'EENVELOPE') return new DeliveryFailure('rejected', `SMTP refused the envelope: ${failure.message ?? ''}`.slice(0, 300));
  if (failure.code === 'ECONNECTION' || failure.code === 'EDNS') return new DeliveryFailure('transient', `SMTP server unreachable (${failure.code})`);
  return error;
}

/**
 * Sends notices as e-mail through SMTP (`SMTP_URL`, from `MAIL_FROM`) with nodemailer: a plain
 * text and an HTML part in the recipient's language, a purchase order's CSV attached. Pacing
 * and retries are the notification job's, as for every channel.
 */
export class EmailNotifier implements Notifier {
  private readonly transport: Transporter;
  private readonly from: string;
  private readonly timeZone: string;

  constructor(smtpUrl: string, from: string, timeZone: string) {
    this.transport = createTransport(smtpUrl);
    this.from = from;
    this.timeZone = timeZone;
  }

  async send(recipient: string, notice: Notice, locale: Locale): Promise<{ externalId: string | null }> {
    const message = emailMessage(notice, locale, this.timeZone);
    try {
      const sent = await this.transport.sendMail({ from: this.from, to: recipient, ...message });
      return { externalId: typeof sent.messageId === 'string' ? sent.messageId.slice(0, 100) : null };
    } catch (error) {
      throw emailFailure(error);
    }
  }
}
