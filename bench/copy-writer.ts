import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One column value of a COPY row; null is written as SQL NULL. */
export type CopyValue = string | number | null;

/** Rows streamed into one table with `COPY ... FROM STDIN` (text format). */
export interface CopyWriter {
  /** Queues one row, values in the order of the columns the writer was opened with. */
  write(row: readonly CopyValue[]): void;
  /** Sends the queued rows, waiting while the server is behind (backpressure). */
  flush(): Promise<void>;
  /** Sends the rest, ends the COPY and returns the number of rows the server stored. */
  end(): Promise<number>;
}

// Characters with a meaning in COPY text format; generated values rarely hold them.
const special = /[\\\t\n\r]/;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function encode(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return special.test(value) ? value.replace(/[\\\t\n\r]/g, (character) => escapes[character]!) : value;
}

/**
 * Starts `COPY table (columns) FROM STDIN` on `client`, which is busy until `end()` resolves.
 * Rows are joined into one string per flush, so the stream sees a few large chunks rather than
 * millions of small writes.
 */
export function openCopy(client: Client, table: string, columns: readonly string[]): CopyWriter {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  // Kept until end(): a server error (a broken check constraint) would otherwise be unhandled.
  const done = finished(stream);
  done.catch(() => undefined);
  let pending: string[] = [];
  const send = (): boolean => {
    if (pending.length === 0) return true;
    const ready = stream.write(pending.join(''));
    pending = [];
    return ready;
  };
  return {
    write(row) {
      pending.push(`${row.map(encode).join('\t')}\n`);
    },
    async flush() {
      if (!send()) await Promise.race([once(stream, 'drain'), done]);
    },
    async end() {
      send();
      stream.end();
      await done;
      return stream.rowCount;
    },
  };
}
