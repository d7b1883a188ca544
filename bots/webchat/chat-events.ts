import type { ConversationService } from '../../core/conversations/index.ts';
import type { DatabaseListener } from '../../core/shared/database-listener.ts';
import type { Logger } from '../../core/shared/logger.ts';

/**
 * One LISTEN connection per web process (opened on the first subscriber), fanning "new message
 * for visitor X" out to that visitor's open pages (server-sent events). Pages also re-fetch on
 * reconnect, so a missed signal only delays a message.
 */
export class ChatEventHub {
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly conversations: ConversationService;
  private readonly logger: Logger;
  private listener: DatabaseListener | undefined;
  private closed = false;
  private readonly closers = new Set<() => void>();

  constructor(conversations: ConversationService, logger: Logger) {
    this.conversations = conversations;
    this.logger = logger;
  }

  /** Calls `listener` whenever a message is added for `visitorId`; returns the unsubscribe. */
  subscribe(visitorId: string, listener: () => void): () => void {
    if (!this.listener && !this.closed) {
      this.listener = this.conversations.listenForMessages({
        onNotify: (visitor) => {
          for (const each of this.listeners.get(visitor) ?? []) each();
        },
        // Pages may have missed messages while the connection was down: let them re-fetch.
        onConnected: () => {
          for (const set of this.listeners.values()) for (const each of set) each();
        },
        onLost: () => this.logger.warn('web chat LISTEN connection lost; reconnecting'),
      });
    }
    const set = this.listeners.get(visitorId) ?? new Set();
    set.add(listener);
    this.listeners.set(visitorId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(visitorId);
    };
  }

  /** Runs `closer` when the hub closes (open event streams end, so the server can stop); returns the unregister. */
  onClose(closer: () => void): () => void {
    this.closers.add(closer);
    return () => this.closers.delete(closer);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const closer of this.closers) closer();
    this.closers.clear();
    this.listeners.clear();
    await this.listener?.close();
    this.listener = undefined;
  }
}
