import { Migration } from '@mikro-orm/migrations';

/**
 * The send rate limiter's and the input limits' state in PostgreSQL (issue 25), for the mode
 * without Redis: unlogged tables (fast; like Redis without persistence, a crash empties them,
 * which only forgets a few seconds of pacing) and functions that check and book in one
 * statement, as the Redis scripts do. Times are ms on the server's clock, shared by every process.
 */
export class Migration20261206260000_shared_limits extends Migration {

  override name = 'Migration20261206260000_shared_limits';

  override up(): void | Promise<void> {
    this.addSql(`create unlogged table "limit_slot" ("key" text primary key, "next_at" bigint not null, "expires_at" bigint not null);`);
    this.addSql(`create unlogged table "limit_hit" ("key" text primary key, "count" int not null, "expires_at" bigint not null);`);
    this.addSql(`create unlogged table "limit_stream" ("key" text not null, "lease" uuid not null, "expires_at" bigint not null, primary key ("key", "lease"));`);
    this.addSql(`create index "limit_slot_expires_index" on "limit_slot" ("expires_at");`);
    this.addSql(`create index "limit_hit_expires_index" on "limit_hit" ("expires_at");`);
    this.addSql(`create function limit_now() returns bigint language sql volatile as $$ select (extract(epoch from clock_timestamp()) * 1000)::bigint $$;`);
    // A key's next free time, locked for the booking (created at 0 when absent or expired).
    this.addSql(`create function limit_slot_locked(p_key text) returns bigint language sql as $$
  insert into limit_slot as s values (p_key, 0, 0) on conflict (key) do update set key = s.key
  returning case when s.expires_at > limit_now() then s.next_at else 0 end
$$;`);
    // GCRA over every sender, as jobs/rate-limiter.ts's Redis script: the global key is locked
    // before the recipient's, so two bookings never wait on each other in a circle.
    this.addSql(`create function book_send_slot(p_pause text, p_global text, p_recipient text, p_global_interval int, p_recipient_interval int, p_max_wait int) returns bigint[] language plpgsql as $$
declare
  paused bigint;
  next_global bigint := 0;
  next_recipient bigint := 0;
  now_ms bigint;
  slot bigint;
begin
  select expires_at into paused from limit_slot where key = p_pause and expires_at > limit_now();
  if found then return array[0, paused - limit_now()]; end if;
  if p_global_interval > 0 then next_global := limit_slot_locked(p_global); end if;
  if p_recipient_interval > 0 then next_recipient := limit_slot_locked(p_recipient); end if;
  now_ms := limit_now();
  if next_recipient > now_ms then return array[0, next_recipient - now_ms]; end if;
  slot := greatest(now_ms, next_global);
  if slot - now_ms > p_max_wait then return array[0, slot - now_ms]; end if;
  if p_global_interval > 0 then
    update limit_slot set next_at = slot + p_global_interval, expires_at = slot + p_global_interval + 1000 where key = p_global;
  end if;
  if p_recipient_interval > 0 then
    update limit_slot set next_at = slot + p_recipient_interval, expires_at = slot + p_recipient_interval + 1000 where key = p_recipient;
  end if;
  return array[1, slot - now_ms, slot];
end $$;`);
    this.addSql(`create function count_limit_hit(p_key text, p_window int) returns int[] language plpgsql as $$
declare
  now_ms bigint := limit_now();
  hits int;
  ends bigint;
begin
  insert into limit_hit as h values (p_key, 1, now_ms + p_window)
  on conflict (key) do update set
    count = case when h.expires_at <= now_ms then 1 else h.count + 1 end,
    expires_at = case when h.expires_at <= now_ms then now_ms + p_window else h.expires_at end
  returning h.count, h.expires_at into hits, ends;
  return array[hits, (ends - now_ms)::int];
end $$;`);
    this.addSql(`create function take_limit_stream(p_key text, p_lease uuid, p_cap int, p_ttl int) returns boolean language plpgsql as $$
begin
  perform pg_advisory_xact_lock(hashtext('limit_stream:' || p_key));
  delete from limit_stream where key = p_key and expires_at <= limit_now();
  if (select count(*) from limit_stream where key = p_key) >= p_cap then return false; end if;
  insert into limit_stream values (p_key, p_lease, limit_now() + p_ttl);
  return true;
end $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function take_limit_stream(text, uuid, int, int);`);
    this.addSql(`drop function count_limit_hit(text, int);`);
    this.addSql(`drop function book_send_slot(text, text, text, int, int, int);`);
    this.addSql(`drop function limit_slot_locked(text);`);
    this.addSql(`drop function limit_now();`);
    this.addSql(`drop table "limit_stream";`);
    this.addSql(`drop table "limit_hit";`);
    this.addSql(`drop table "limit_slot";`);
  }

}
