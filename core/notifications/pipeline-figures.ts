import type { EntityManager } from '@mikro-orm/postgresql';

/** The state of the notification pipeline, as `/metrics` shows it. */
export interface PipelineFigures {
  /** Notifications not settled yet, per channel and state (`pending`, `sending`). */
  open: Array<{ channel: string; status: string; count: number }>;
  /** Notifications set aside, per channel and state (`failed`, `uncertain`). */
  setAside: Array<{ channel: string; status: string; count: number }>;
  /** Age of the oldest event not relayed yet, in seconds (0 when none waits). */
  outboxLagSeconds: number;
  /** Events set aside (dead letters) that nobody retried or dropped yet. */
  deadEvents: number;
}

/** One statement; each part is served by a partial index, so it stays cheap as the tables grow. */
export async function pipelineFigures(em: EntityManager): Promise<PipelineFigures> {
  const [row] = await em.execute<Array<{ open: PipelineFigures['open'] | null; set_aside: PipelineFigures['setAside'] | null; lag: string | null; dead: string }>>(
    `select
       (select json_agg(json_build_object('channel', channel, 'status', status, 'count', n)) from
          (select channel, status, count(*)::int as n from notification where status in ('pending', 'sending') group by 1, 2) open) as open,
       (select json_agg(json_build_object('channel', channel, 'status', status, 'count', n)) from
          (select channel, status, count(*)::int as n from notification where status in ('failed', 'uncertain') group by 1, 2) aside) as set_aside,
       (select extract(epoch from now() - min(created_at)) from outbox_event where dispatched_at is null and dead_at is null) as lag,
       (select count(*) from outbox_event where dead_at is not null and dispatched_at is null) as dead`,
  );
  return { open: row!.open ?? [], setAside: row!.set_aside ?? [], outboxLagSeconds: Math.max(0, Number(row!.lag ?? 0)), deadEvents: Number(row!.dead) };
}
