import { Migration } from '@mikro-orm/migrations';

/**
 * One writer for stock: `post_stock_movements(jsonb)` applies each movement to its stock level
 * and appends it to the ledger in the same call, so "on-hand equals the ledger" holds by
 * construction. Rows are locked in (product, warehouse) order, the order every caller used
 * before, so concurrent orders cannot deadlock on each other's lines. A movement that would
 * break `0 <= reserved <= on_hand` (a reservation beyond what is available, an adjustment below
 * what is reserved) is not applied and comes back with `applied = false`; the caller decides
 * (a shortfall rolls the whole order back).
 *
 * API keys get scopes; keys made before scopes existed keep the full access they had.
 */
export class Migration20261206030000_stock_ledger_writer extends Migration {

  override name = 'Migration20261206030000_stock_ledger_writer';

  override up(): void | Promise<void> {
    this.addSql(`
create or replace function post_stock_movements(movements jsonb)
returns table (movement_index int, applied boolean, on_hand_after int, reserved_after int)
language plpgsql as $$
declare
  m record;
  level record;
  ok boolean;
begin
  for m in
    select (e.ordinality - 1)::int as i,
           (e.value->>'warehouseId')::int as warehouse_id, (e.value->>'productId')::int as product_id,
           e.value->>'kind' as kind, (e.value->>'onHandDelta')::int as d_on, (e.value->>'reservedDelta')::int as d_res,
           e.value->>'reference' as reference, e.value->>'actorType' as actor_type, e.value->>'actorId' as actor_id
      from jsonb_array_elements(movements) with ordinality as e
     order by product_id, warehouse_id, i
  loop
    update stock_level s set on_hand = s.on_hand + m.d_on, reserved = s.reserved + m.d_res, updated_at = now()
     where s.warehouse_id = m.warehouse_id and s.product_id = m.product_id
       and s.reserved + m.d_res >= 0 and s.on_hand + m.d_on >= s.reserved + m.d_res
    returning s.on_hand, s.reserved into level;
    ok := found;
    if not ok and m.d_res >= 0 and m.d_on >= m.d_res then
      -- No stock level yet (a first receipt): create it; if another transaction just did, apply to that row.
      insert into stock_level as s (warehouse_id, product_id, on_hand, reserved, updated_at)
      values (m.warehouse_id, m.product_id, m.d_on, m.d_res, now())
      on conflict (warehouse_id, product_id) do nothing
      returning s.on_hand, s.reserved into level;
      ok := found;
      if not ok then
        update stock_level s set on_hand = s.on_hand + m.d_on, reserved = s.reserved + m.d_res, updated_at = now()
         where s.warehouse_id = m.warehouse_id and s.product_id = m.product_id
           and s.reserved + m.d_res >= 0 and s.on_hand + m.d_on >= s.reserved + m.d_res
        returning s.on_hand, s.reserved into level;
        ok := found;
      end if;
    end if;
    if ok then
      insert into stock_movement (warehouse_id, product_id, kind, on_hand_delta, reserved_delta, reference, actor_type, actor_id, created_at)
      values (m.warehouse_id, m.product_id, m.kind, m.d_on, m.d_res, m.reference, m.actor_type, m.actor_id, now());
    end if;
    movement_index := m.i;
    applied := ok;
    on_hand_after := case when ok then level.on_hand end;
    reserved_after := case when ok then level.reserved end;
    return next;
  end loop;
end;
$$;`);
    this.addSql(`alter table "api_key" add column "scopes" text[] not null default '{admin}';`);
    this.addSql(`alter table "api_key" alter column "scopes" set default '{}';`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop function if exists post_stock_movements(jsonb);');
    this.addSql(`alter table "api_key" drop column "scopes";`);
  }

}
