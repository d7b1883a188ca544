import { beforeAll } from 'vitest';
import { Client } from 'pg';

/**
 * Records every statement any PostgreSQL connection of this process sends while recording: a
 * driver hook on pg's Client, which both the ORM and the hot paths use. Each is one network
 * round trip (pg sends a statement only once the previous one answered). The relay's wake-up
 * (`pg_notify('outbox')`) goes out after a commit, on a connection of its own and off the
 * caller's path, at most every 50 ms: it is not counted.
 *
 * Call at the top of a test file: it installs the hook for the file and removes it after.
 */
export function statementRecorder(): { during<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> } {
  const sent: string[] = [];
  let recording = false;
  const originalQuery = Client.prototype.query;
  function record(this: Client, config: unknown, ...rest: unknown[]): unknown {
    const text = typeof config === 'string' ? config : String((config as { text?: unknown }).text ?? config);
    if (recording && !text.includes("pg_notify('outbox'")) sent.push(text);
    return (originalQuery as (...args: unknown[]) => unknown).call(this, config, ...rest);
  }
  beforeAll(() => {
    Client.prototype.query = record as typeof Client.prototype.query;
    return () => {
      Client.prototype.query = originalQuery;
    };
  });
  return {
    async during(work) {
      sent.length = 0;
      recording = true;
      try {
        const result = await work();
        return { result, statements: [...sent] };
      } finally {
        recording = false;
      }
    },
  };
}
