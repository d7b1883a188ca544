import { Client } from 'pg';

/** A dedicated connection LISTENing on one PostgreSQL channel. */
export interface DatabaseListener {
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

/** Options of `listen`. */
export interface ListenOptions {
  /** Called with the payload of every NOTIFY on the channel. */
  onNotify: (payload: string) => void;
  /**
   * Called whenever the connection is (re)established, since notifications sent while it was
   * down are lost: the listener should catch up (a relay batch, pages re-fetching).
   */
  onConnected?: () => void;
  /** Called once per loss of the connection (to log it); the listener reconnects by itself. */
  onLost?: () => void;
  /** Wait before reconnecting. @default 2000 */
  retryMs?: number;
}

/**
 * LISTENs on `channel` over a connection of its own (outside the pool: it is held for ever),
 * reconnecting while open. Used by the outbox relay (wake-ups) and the web chat event hub.
 */
export function listen(databaseUrl: string, channel: 'outbox' | 'chat_message', options: ListenOptions): DatabaseListener {
  let client: Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const connect = async () => {
    const next = new Client({ connectionString: databaseUrl });
    next.on('notification', (message) => options.onNotify(message.payload ?? ''));
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      options.onConnected?.();
    } catch {
      lost(next);
    }
  };
  const lost = (failed: Client) => {
    if (client !== failed || closed || retry) return;
    client = undefined;
    failed.end().catch(() => undefined);
    options.onLost?.();
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, options.retryMs ?? 2000);
  };
  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
