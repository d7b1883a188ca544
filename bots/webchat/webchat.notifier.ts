import type { Locale } from '../../core/customers/index.ts';
import type { ConversationService } from '../../core/conversations/index.ts';
import { DeliveryFailure, type Notice, type Notifier } from '../../core/notifications/index.ts';
import { renderNotice } from '../i18n/notices.ts';

/**
 * Delivers notices to web chat visitors by appending them to the visitor's transcript: an open
 * page receives them live, a closed one shows them on the next visit.
 */
export class WebchatNotifier implements Notifier {
  private readonly conversations: ConversationService;
  private readonly timeZone: string;

  constructor(conversations: ConversationService, timeZone: string) {
    this.conversations = conversations;
    this.timeZone = timeZone;
  }

  async send(visitorId: string, notice: Notice, locale: Locale): Promise<{ externalId: string | null }> {
    const { text, buttons } = renderNotice(notice, locale, this.timeZone);
    try {
      const [id] = await this.conversations.appendTranscript(visitorId, [{ direction: 'out', text, buttons }]);
      return { externalId: String(id) };
    } catch (error) {
      // The append is one transaction: when it fails, nothing was written, so retrying is safe.
      throw new DeliveryFailure('transient', `web chat append failed: ${(error as Error).message}`);
    }
  }
}
