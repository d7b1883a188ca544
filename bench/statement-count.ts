import { Client } from 'pg';

/** What this process sent to PostgreSQL while recording. */
export interface SentQueries {
  /** Text of each `query` call, in order: each is one network round trip (pg sends a query only once the previous answered). */
  queries: string[];
  /** Relay wake-ups seen and left out of `queries` (see `isRelayWakeUp`). */
  wakeUps: number;
}

/** Records every query of every pg connection in this process between `start()` and `stop()`. */
export interface QueryRecorder {
  start(): void;
  /** Stops recording and returns what was sent since `start()`. */
  stop(): SentQueries;
  /** Puts pg's `Client.prototype.query` back. */
  restore(): void;
}

/**
 * The outbox relay's wake-up (`select pg_notify('outbox', '')`) goes out after a commit, on a
 * connection of its own and off the request's path, at most every 50 ms: it is not one of the
 * order's statements (as in test/integration/intake-statements.test.ts).
 */
export const isRelayWakeUp = (text: string): boolean => text.includes("pg_notify('outbox'");

const textOf = (config: unknown): string =>
  typeof config === 'string' ? config : String((config as { text?: unknown } | null)?.text ?? config);

/**
 * A driver hook on pg's `Client.prototype.query`, which both the ORM (through pg's Pool) and
 * the hot path go through, so every statement this process sends is seen whichever layer sent it.
 */
export function recordPgQueries(): QueryRecorder {
  const originalQuery = Client.prototype.query;
  let recording = false;
  let sent: SentQueries = { queries: [], wakeUps: 0 };
  function record(this: Client, config: unknown, ...rest: unknown[]): unknown {
    if (recording) {
      const text = textOf(config);
      if (isRelayWakeUp(text)) sent.wakeUps += 1;
      else sent.queries.push(text);
    }
    return (originalQuery as (...args: unknown[]) => unknown).call(this, config, ...rest);
  }
  Client.prototype.query = record as typeof Client.prototype.query;
  return {
    start() {
      sent = { queries: [], wakeUps: 0 };
      recording = true;
    },
    stop() {
      recording = false;
      return sent;
    },
    restore() {
      Client.prototype.query = originalQuery;
    },
  };
}

// One token at a time: a comment, a quoted identifier or string (which may hold semicolons), a
// dollar-quoted body, a semicolon, white space, or any other character.
const sqlToken = /--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*"|(\$[A-Za-z_]*\$)[\s\S]*?\1|;|\s+|./gy;

/**
 * SQL statements in one query text: the parts between top-level semicolons that hold more than
 * white space and comments. A parameterised query is always one statement (the extended protocol
 * allows no more); a plain text may be several (`begin; ...; commit`) in one round trip.
 */
export function statementsIn(text: string): number {
  let count = 0;
  let hasContent = false;
  for (const [token] of text.matchAll(sqlToken)) {
    if (token === ';') {
      if (hasContent) count += 1;
      hasContent = false;
    } else if (!/^(\s|--|\/\*)/.test(token)) {
      hasContent = true;
    }
  }
  return count + (hasContent ? 1 : 0);
}
