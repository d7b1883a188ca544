import type { Pool } from 'pg';
import type { InputLimitStore, SlotStore } from './limit-stores.ts';

/**
 * The send rate limiter's and the input limits' state in PostgreSQL, for the mode without Redis:
 * the functions of migration `shared_limits`, one statement per booking or hit, as the Redis
 * scripts are one round trip. Prepared statements (named) so each is parsed once per connection.
 */
export function postgresSlots(pool: Pool): SlotStore {
  return {
    book: async (...args) => {
      const { rows } = await pool.query<{ answer: string[] }>({ name: 'limit_book', text: 'select book_send_slot($1, $2, $3, $4, $5, $6) as answer', values: args });
      return rows[0]!.answer.map(Number) as [number, number, number?];
    },
    setPause: async (key, ms) => {
      await pool.query({
        name: 'limit_pause',
        text: 'insert into limit_slot values ($1, 0, limit_now() + $2) on conflict (key) do update set expires_at = excluded.expires_at',
        values: [key, ms],
      });
    },
    pauseLeft: async (key) => {
      const { rows } = await pool.query<{ left: string }>({ name: 'limit_pause_left', text: 'select greatest(0, expires_at - limit_now()) as left from limit_slot where key = $1', values: [key] });
      return Number(rows[0]?.left ?? 0);
    },
  };
}

export function postgresInputLimits(pool: Pool): InputLimitStore {
  return {
    count: async (key, windowMs) => {
      const { rows } = await pool.query<{ answer: number[] }>({ name: 'limit_hit', text: 'select count_limit_hit($1, $2) as answer', values: [key, windowMs] });
      return rows[0]!.answer as [number, number];
    },
    take: async (key, id, cap, ttlMs) => {
      const { rows } = await pool.query<{ taken: boolean }>({ name: 'limit_take', text: 'select take_limit_stream($1, $2, $3, $4) as taken', values: [key, id, cap, ttlMs] });
      return rows[0]!.taken;
    },
    renew: async (key, id, ttlMs) => {
      await pool.query({ name: 'limit_renew', text: 'update limit_stream set expires_at = limit_now() + $3 where key = $1 and lease = $2', values: [key, id, ttlMs] });
    },
    release: async (key, id) => {
      await pool.query({ name: 'limit_release', text: 'delete from limit_stream where key = $1 and lease = $2', values: [key, id] });
    },
  };
}

/**
 * Deletes what lapsed over a minute ago (Redis lets such keys expire by themselves): a counter
 * per address, a next free time per chat would otherwise pile up.
 */
export async function sweepLimits(pool: Pool): Promise<void> {
  await pool.query(`
    with slots as (delete from limit_slot where expires_at < limit_now() - 60000),
         hits as (delete from limit_hit where expires_at < limit_now() - 60000)
    delete from limit_stream where expires_at < limit_now() - 60000`);
}
