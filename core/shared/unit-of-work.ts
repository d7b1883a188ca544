import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool } from 'pg';
import { CompiledQuery } from 'kysely';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { databaseUnavailable, isDatabaseUnavailable, isTransactionConflict } from './database-errors.ts';
import { OutboxSignal } from './outbox-signal.ts';
import { outboxWrites } from './outbox.ts';

/** An error PostgreSQL raised for the statement itself (an SQLSTATE outside the unavailable classes): its connection stays usable. */
function isStatementError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !isDatabaseUnavailable(error);
}

/** How many times a top-level unit runs when PostgreSQL keeps rolling it back over a conflict (deadlock, serialization). */
const deadlockAttempts = 3;

/** A statement of a hot path: its name makes it a prepared statement, planned once per connection. */
export interface PreparedStatement {
  name: string;
  text: string;
}

/**
 * Who owns a transaction. A public service method asks for one with `write` (or `read`);
 * inner functions take the `tx` it hands them and never open their own.
 *
 * The current transaction travels with the async call (AsyncLocalStorage): a service method
 * called while another unit is open joins it instead of taking a second connection from the
 * pool. A write joins as a savepoint, so a refused nested call (say, `insufficient_stock`
 * inside a chat turn) rolls back only its own work and the outer unit goes on. That is how a
 * chat turn is one connection and one commit, and why no code path ever waits for a second
 * connection from the pool it already holds one of.
 */
export class UnitOfWork {
  readonly #orm: MikroORM;
  readonly #current = new AsyncLocalStorage<EntityManager>();
  #pool: Promise<Pool> | undefined;
  /** Wakes the outbox relay after each commit. */
  readonly outbox: OutboxSignal;

  constructor(orm: MikroORM) {
    this.#orm = orm;
    this.outbox = new OutboxSignal(() => this.#nativePool().then((pool) => pool.query("select pg_notify('outbox', '')")));
  }

  /** True inside a unit (a service method running as part of a chat turn, say). */
  get active(): boolean {
    return this.#current.getStore() !== undefined;
  }

  /**
   * Runs `work` in a transaction: a savepoint of the caller's when there is one, else a new
   * transaction on one connection, committed when `work` resolves and rolled back when it
   * throws. A transaction PostgreSQL rolled back to resolve a conflict (a deadlock's victim, a
   * repeatable-read serialization failure) is run again (up to `deadlockAttempts` times), so no
   * deadlock reaches a caller. Database
   * outages come back as AppError `unavailable`.
   */
  async write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.#current.getStore();
    if (outer) return outer.transactional((tx) => this.#current.run(tx, () => work(tx)));
    const unit = { published: false };
    const once = () => outboxWrites.run(unit, () => this.#orm.em.fork().transactional((tx) => this.#current.run(tx, () => work(tx))));
    const result = await this.#translated(async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await once();
        } catch (error) {
          if (!isTransactionConflict(error) || attempt >= deadlockAttempts) throw error;
        }
      }
    });
    if (unit.published) this.outbox.poke();
    return result;
  }

  /**
   * Runs read-only `work`: on the caller's transaction when there is one (same connection, same
   * snapshot of its own writes), else on a fresh EntityManager whose statements each borrow a
   * connection only while they run.
   */
  async read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.#current.getStore();
    if (outer) return work(outer);
    const em = this.#orm.em.fork();
    return this.#translated(() => this.#current.run(em, () => work(em)));
  }

  /**
   * Runs work made of statements that are each atomic by themselves (a read, then one call
   * that writes everything): inside a unit as a savepoint of it, so a refusal leaves the
   * caller's transaction usable; outside any unit with no transaction of its own, so each
   * statement is one round trip with no BEGIN or COMMIT around it.
   */
  async atomic<T>(work: () => Promise<T>): Promise<T> {
    if (this.active) return this.write(() => work());
    const unit = { published: false };
    const result = await outboxWrites.run(unit, work);
    if (unit.published) this.outbox.poke();
    return result;
  }

  /**
   * One parameterised statement: on the caller's transaction when there is one, else on a
   * pooled connection as a named prepared statement (parsed and planned once per connection).
   * Errors come back as the driver raised them (SQLSTATE in `code`), outages as `unavailable`.
   */
  async query<R>(statement: PreparedStatement, values: unknown[]): Promise<R[]> {
    const outer = this.#current.getStore();
    const transaction = outer?.isInTransaction() ? outer.getTransactionContext<{ executeQuery(query: CompiledQuery): Promise<{ rows: unknown[] }> }>() : undefined;
    if (transaction) return (await transaction.executeQuery(CompiledQuery.raw(statement.text, values))).rows as R[];
    return this.#translated(async () => {
      // Not `pool.query`: it destroys the connection on any error, and a refusal raised by a
      // statement (`insufficient_stock` from place_order, say) leaves the connection as good as
      // before. Only a connection that failed is thrown away.
      const client = await (await this.#nativePool()).connect();
      let failed: Error | undefined;
      try {
        return (await client.query({ name: statement.name, text: statement.text, values })).rows as R[];
      } catch (error) {
        if (!isStatementError(error)) failed = error as Error;
        throw error;
      } finally {
        client.release(failed);
      }
    });
  }

  #nativePool(): Promise<Pool> {
    this.#pool ??= this.#orm.em.getConnection().getNativeClient();
    return this.#pool;
  }

  async #translated<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw isDatabaseUnavailable(error) ? databaseUnavailable(error) : error;
    }
  }
}
