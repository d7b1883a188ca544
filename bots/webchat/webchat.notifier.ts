import type { MikroORM } from '@mikro-orm/postgresql';
import type { Locale } from '../../core/customers/index.ts';
import { appendChatMessage, DeliveryFailure, type Notice, type Notifier } from '../../core/messaging/index.ts';
import { renderNotice } from '../i18n/notices.ts';

/**
 * Delivers notices to web chat visitors by appending them to the visitor's transcript: an open
 * page receives them live, a closed one shows them on the next visit.
 */
export class WebchatNotifier implements Notifier {
  private readonly orm: MikroORM;
  private readonly timeZone: string;

  constructor(orm: MikroORM, timeZone: string) {
    this.orm = orm;
    this.timeZone = timeZone;
  }

  async send(visitorId: string, notice: Notice, locale: Locale): Promise<{ externalId: string | null }> {
    const { text, buttons } = renderNotice(notice, locale, this.timeZone);
    try {
      return { externalId: String(await appendChatMessage(this.orm.em.fork(), visitorId, 'out', text, buttons)) };
    } catch (error) {
      // The append is one transaction: when it fails, nothing was written, so retrying is safe.
      throw new DeliveryFailure('transient', `web chat append failed: ${(error as Error).message}`);
    }
  }
}
