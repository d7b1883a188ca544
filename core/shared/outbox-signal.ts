/**
 * Wakes the outbox relay after commits without a NOTIFY inside every committing transaction
 * (which would serialise commits on PostgreSQL's notification queue): subscribers in this
 * process hear at once, other processes through one `NOTIFY outbox` per interval at most, sent
 * after the commit on a connection of its own. The relay also polls, so a lost signal only
 * delays an event.
 */
export class OutboxSignal {
  readonly #notify: () => Promise<unknown>;
  readonly #intervalMs: number;
  readonly #listeners = new Set<() => void>();
  #scheduled = false;

  /**
   * @param notify sends the cross-process wake-up (`select pg_notify('outbox', '')`)
   * @param intervalMs the most often `notify` runs. @default 50
   */
  constructor(notify: () => Promise<unknown>, intervalMs = 50) {
    this.#notify = notify;
    this.#intervalMs = intervalMs;
  }

  /** Something committed that may have written outbox rows. */
  poke(): void {
    for (const listener of this.#listeners) listener();
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => {
      this.#scheduled = false;
      this.#notify().catch(() => undefined);
    }, this.#intervalMs).unref();
  }

  /** Calls `listener` on every poke in this process; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
