import { Client } from 'pg';
import { chatMessageChannel } from '../../core/messaging/index.ts';
import type { Logger } from '../../core/shared/logger.ts';

/**
 * One LISTEN connection per web process, fanning "new message for visitor X" out to that
 * visitor's open pages (server-sent events). Reconnects while open; pages also re-fetch on
 * reconnect, so a missed signal only delays a message.
 */
export class ChatEventHub {
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly databaseUrl: string;
  private readonly logger: Logger;
  private client: Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly closers = new Set<() => void>();

  constructor(databaseUrl: string, logger: Logger) {
    this.databaseUrl = databaseUrl;
    this.logger = logger;
  }

  /** Calls `listener` whenever a message is added for `visitorId`; returns the unsubscribe. */
  subscribe(visitorId: string, listener: () => void): () => void {
    if (!this.client && !this.closed) void this.connect();
    const set = this.listeners.get(visitorId) ?? new Set();
    set.add(listener);
    this.listeners.set(visitorId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(visitorId);
    };
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    this.client = client;
    client.on('notification', (message) => {
      for (const listener of this.listeners.get(message.payload ?? '') ?? []) listener();
    });
    const lost = () => {
      if (this.client !== client || this.closed) return;
      this.client = undefined;
      client.end().catch(() => undefined);
      this.logger.warn('web chat LISTEN connection lost; reconnecting');
      this.retry = setTimeout(() => void this.connect(), 2000);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${chatMessageChannel}`);
      // Pages may have missed messages while the connection was down: let them re-fetch.
      for (const set of this.listeners.values()) for (const listener of set) listener();
    } catch {
      lost();
    }
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
    clearTimeout(this.retry);
    this.listeners.clear();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
