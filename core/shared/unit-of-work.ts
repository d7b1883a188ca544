import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { databaseUnavailable, isDatabaseUnavailable } from './database-errors.ts';

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

  constructor(orm: MikroORM) {
    this.#orm = orm;
  }

  /** True inside a unit (a service method running as part of a chat turn, say). */
  get active(): boolean {
    return this.#current.getStore() !== undefined;
  }

  /**
   * Runs `work` in a transaction: a savepoint of the caller's when there is one, else a new
   * transaction on one connection, committed when `work` resolves and rolled back when it
   * throws. Database outages come back as AppError `unavailable`.
   */
  async write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.#current.getStore();
    if (outer) return outer.transactional((tx) => this.#current.run(tx, () => work(tx)));
    return this.#translated(() => this.#orm.em.fork().transactional((tx) => this.#current.run(tx, () => work(tx))));
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

  async #translated<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw isDatabaseUnavailable(error) ? databaseUnavailable(error) : error;
    }
  }
}
