import { Migration } from '@mikro-orm/migrations';
import { reversed, rewriteFunction } from './functions/rewrite-function.ts';

const statusesBefore = `'pending_approval', 'confirmed', 'rejected', 'picking', 'packed', 'shipped', 'delivered', 'delivery_failed', 'completed', 'cancelled', 'return_requested', 'returned'`;
const statusesAfter = `'pending_approval', 'confirmed', 'rejected', 'picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'delivery_failed', 'completed', 'cancelled', 'return_requested', 'returned'`;

/**
 * `fill_backorders(pairs)`: stock freed at these (warehouse, product) pairs goes to the oldest
 * backordered order lines there first (first come, first served), each taking what it waits
 * for or what is left. The stock row is locked first, so two fills of one product queue and
 * never reserve a unit twice. A line another transaction holds (its order is being cancelled,
 * shipped or decided, and that transaction locked the order, then its lines, then stock) is
 * skipped rather than waited for: waiting would close a lock cycle; that transaction fills its
 * own order's backorders itself when they remain. Reservations go through the one stock writer.
 */
const fillBackorders = `
create or replace function fill_backorders(pairs jsonb) returns int
language plpgsql as $$
declare
  pair record;
  line record;
  v_free int;
  v_take int;
  v_filled int := 0;
begin
  for pair in
    select distinct (e->>'warehouseId')::int as warehouse_id, (e->>'productId')::int as product_id
      from jsonb_array_elements(pairs) e order by 2, 1
  loop
    select s.on_hand - s.reserved into v_free from stock_level s
     where s.warehouse_id = pair.warehouse_id and s.product_id = pair.product_id for update;
    continue when v_free is null or v_free <= 0;
    for line in
      select ol.id, ol.backordered, o.number from order_line ol join "order" o on o.id = ol.order_id
       where ol.product_id = pair.product_id and ol.warehouse_id = pair.warehouse_id and ol.backordered > 0
       order by ol.id for update of ol skip locked
    loop
      exit when v_free <= 0;
      v_take := least(v_free, line.backordered);
      perform post_stock_movements(jsonb_build_array(jsonb_build_object(
        'warehouseId', pair.warehouse_id, 'productId', pair.product_id, 'kind', 'reservation', 'onHandDelta', 0, 'reservedDelta', v_take,
        'reference', line.number, 'actorType', 'system', 'actorId', 'backorders')));
      update order_line set backordered = backordered - v_take, reserved = reserved + v_take where id = line.id;
      v_free := v_free - v_take;
      v_filled := v_filled + v_take;
    end loop;
  end loop;
  return v_filled;
end;
$$;`;

/**
 * The one stock writer as before, plus: every applied movement that frees stock (a receipt, a
 * transfer in, a release, a count found more) fills the backorders waiting at its warehouse, in
 * the same call, so no path that brings stock back can forget them.
 */
const fillFromStockWriter = [
  ['  ok boolean;\n', `  ok boolean;\n  freed jsonb := '[]';\n`],
  [
    '      values (m.warehouse_id, m.product_id, m.kind, m.d_on, m.d_res, m.reference, m.actor_type, m.actor_id, now());\n    end if;',
    `      values (m.warehouse_id, m.product_id, m.kind, m.d_on, m.d_res, m.reference, m.actor_type, m.actor_id, now());
      if m.d_on - m.d_res > 0 then
        freed := freed || jsonb_build_object('warehouseId', m.warehouse_id, 'productId', m.product_id);
      end if;
    end if;`,
  ],
  ['    return next;\n  end loop;\n', '    return next;\n  end loop;\n  if jsonb_array_length(freed) > 0 then\n    perform fill_backorders(freed);\n  end if;\n'],
] as const;

/**
 * Order intake (migration `fast_intake`) with backorders, as edits of the function as it stands:
 * a line of a product that allows them reserves what is free when its stock row is locked and
 * backorders the rest, so of concurrent orders the first to lock gets the stock and the others
 * wait in the order they locked (their numbers and line ids follow that order: both are taken
 * after the lock). Lines of other products reserve all or refuse the order, as before. The
 * reservations are derived from the lines (`v_reservations`, the shape the caller used to
 * send), and the response's lines carry what was reserved and backordered.
 */
const intakeWithBackorders = [
  ['  v_posted jsonb;\n  v_short jsonb;\n  v_response text;\n', '  v_lines jsonb := p->\'lines\';\n  v_reservations jsonb;\n  v_posted jsonb;\n  v_short jsonb;\n  v_response jsonb;\n  v_text text;\n'],
  ["  v_sequence := nextval('order_number_seq')::text;\n", `  if exists (select 1 from jsonb_array_elements(v_lines) l where (l->>'backorderable')::boolean) then
    -- Lock the order's stock rows in the ledger's order, then take for each backorderable line
    -- what is free now (one line per product and warehouse), the rest backordered.
    perform 1 from stock_level s
     where (s.product_id, s.warehouse_id) in (select (l->>'product_id')::int, (l->>'warehouse_id')::int from jsonb_array_elements(v_lines) l)
     order by s.product_id, s.warehouse_id for update;
    select jsonb_agg(case when (l.value->>'backorderable')::boolean
                          then l.value || jsonb_build_object('reserved', t.take, 'backordered', (l.value->>'quantity')::int - t.take)
                          else l.value end order by l.ordinality)
      into v_lines
      from jsonb_array_elements(v_lines) with ordinality as l,
           lateral (select least((l.value->>'quantity')::int, greatest(0, coalesce(
             (select s.on_hand - s.reserved from stock_level s where s.product_id = (l.value->>'product_id')::int and s.warehouse_id = (l.value->>'warehouse_id')::int), 0))) as take) as t;
  end if;
  select coalesce(jsonb_agg(jsonb_build_object('warehouseId', (l.value->>'warehouse_id')::int, 'productId', (l.value->>'product_id')::int, 'sku', l.value->>'sku',
           'kind', 'reservation', 'onHandDelta', 0, 'reservedDelta', (l.value->>'reserved')::int) order by l.ordinality), '[]')
    into v_reservations
    from jsonb_array_elements(v_lines) with ordinality as l where (l.value->>'reserved')::int > 0;

  v_sequence := nextval('order_number_seq')::text;\n`],
  ["p->'reservations'->", 'v_reservations->'],
  ["jsonb_array_elements(p->'reservations')", 'jsonb_array_elements(v_reservations)'],
  [
    "  insert into order_line (order_id, product_id, warehouse_id, sku, name, quantity, unit_price_minor, line_total_minor)\n  select v_order, l.product_id, l.warehouse_id, l.sku, l.name, l.quantity, l.unit_price_minor, l.line_total_minor\n    from jsonb_to_recordset(p->'lines') as l(product_id int, warehouse_id int, sku text, name text, quantity int, unit_price_minor bigint, line_total_minor bigint);",
    `  insert into order_line (order_id, product_id, warehouse_id, sku, name, quantity, unit_price_minor, line_total_minor, reserved, shipped, backordered, cancelled)
  select v_order, l.product_id, l.warehouse_id, l.sku, l.name, l.quantity, l.unit_price_minor, l.line_total_minor, l.reserved, 0, l.backordered, 0
    from jsonb_to_recordset(v_lines) as l(product_id int, warehouse_id int, sku text, name text, quantity int, unit_price_minor bigint,
         line_total_minor bigint, reserved int, backordered int);`,
  ],
  [
    `  -- The response was built by the caller with the number as its first key, left blank.
  v_response := regexp_replace(p->>'response', '^\\{"number":"[^"]*"', '{"number":' || to_json(v_number)::text);
  if v_idem is not null then
    update idempotency_record set response = v_response where`,
    `  -- The caller's response with the number, and each line's reserved and backordered units as written.
  v_response := (p->>'response')::jsonb;
  select jsonb_agg(r.value || jsonb_build_object('reserved', (l.value->>'reserved')::int, 'backordered', (l.value->>'backordered')::int) order by r.ordinality)
    into v_lines
    from jsonb_array_elements(v_response->'lines') with ordinality as r
    join jsonb_array_elements(v_lines) with ordinality as l on l.ordinality = r.ordinality;
  v_text := (jsonb_build_object('number', v_number) || v_response || jsonb_build_object('number', v_number, 'lines', coalesce(v_lines, '[]')))::text;
  if v_idem is not null then
    update idempotency_record set response = v_text where`,
  ],
  ["return jsonb_build_object('replayed', false, 'response', v_response,", "return jsonb_build_object('replayed', false, 'response', v_text,"],
] as const;

/**
 * Backorders and short picks. Products may allow backorders (with an expected date); every order
 * line counts its units as reserved, shipped, backordered or cancelled, always adding up to its
 * quantity (a check constraint); an order may ship in rounds (`partially_shipped` between
 * them); a pick-list line records units the picker could not find until staff decide, and is
 * closed when its round ships; a parcel remembers the cash it collects on delivery.
 */
export class Migration20261206140000_backorders extends Migration {

  override name = 'Migration20261206140000_backorders';

  override up(): void | Promise<void> {
    this.addSql(`alter table "product" add column "allow_backorder" boolean not null default false, add column "backorder_expected_at" date null;`);
    this.addSql(`alter table "order_line" add column "reserved" int not null default 0, add column "shipped" int not null default 0, add column "backordered" int not null default 0, add column "cancelled" int not null default 0;`);
    this.addSql(`update "order_line" ol set
        reserved = case when o.status in ('pending_approval', 'confirmed', 'picking', 'packed') then ol.quantity else 0 end,
        cancelled = case when o.status in ('cancelled', 'rejected') then ol.quantity else 0 end,
        shipped = case when o.status in ('pending_approval', 'confirmed', 'picking', 'packed', 'cancelled', 'rejected') then 0 else ol.quantity end
      from "order" o where o.id = ol.order_id;`);
    this.addSql(`alter table "order_line" add constraint "order_line_units_balance" check (reserved >= 0 and shipped >= 0 and backordered >= 0 and cancelled >= 0 and quantity = reserved + shipped + backordered + cancelled);`);
    this.addSql(`create index "order_line_backorder_index" on "order_line" ("product_id", "warehouse_id", "id") where backordered > 0;`);
    this.addSql(`alter table "order" drop constraint if exists "order_status_check";`);
    this.addSql(`alter table "order" add constraint "order_status_check" check ("status" in (${statusesAfter}));`);
    this.addSql(`alter table "pick_list_line" drop constraint "pick_list_line_order_line_id_unique";`);
    this.addSql(`create index "pick_list_line_order_line_index" on "pick_list_line" ("order_line_id");`);
    this.addSql(`alter table "pick_list_line" add column "short" int not null default 0, add column "closed" boolean not null default false;`);
    this.addSql(`alter table "pick_list_line" drop constraint "pick_list_line_scanned_range";`);
    this.addSql(`alter table "pick_list_line" add constraint "pick_list_line_scanned_range" check (scanned >= 0 and short >= 0 and scanned + short <= quantity);`);
    this.addSql(`alter table "shipment" add column "cod_minor" bigint null;`);
    this.addSql(fillBackorders);
    this.addSql(rewriteFunction('post_stock_movements(jsonb)', fillFromStockWriter));
    this.addSql(rewriteFunction('place_order(jsonb)', intakeWithBackorders));
  }

  override down(): void | Promise<void> {
    // The earlier intake and a stock writer that fills nothing.
    this.addSql(rewriteFunction('place_order(jsonb)', reversed(intakeWithBackorders)));
    this.addSql(rewriteFunction('post_stock_movements(jsonb)', reversed(fillFromStockWriter)));
    this.addSql(`alter table "shipment" drop column "cod_minor";`);
    this.addSql(`alter table "pick_list_line" drop constraint "pick_list_line_scanned_range";`);
    this.addSql(`alter table "pick_list_line" drop column "short", drop column "closed";`);
    this.addSql(`alter table "pick_list_line" add constraint "pick_list_line_scanned_range" check (scanned >= 0 and scanned <= quantity);`);
    this.addSql(`drop index "pick_list_line_order_line_index";`);
    this.addSql(`alter table "pick_list_line" add constraint "pick_list_line_order_line_id_unique" unique ("order_line_id");`);
    this.addSql(`alter table "order" drop constraint "order_status_check";`);
    this.addSql(`alter table "order" add constraint "order_status_check" check ("status" in (${statusesBefore}));`);
    this.addSql(`drop index "order_line_backorder_index";`);
    this.addSql(`alter table "order_line" drop constraint "order_line_units_balance";`);
    this.addSql(`alter table "order_line" drop column "reserved", drop column "shipped", drop column "backordered", drop column "cancelled";`);
    this.addSql(`alter table "product" drop column "allow_backorder", drop column "backorder_expected_at";`);
    this.addSql(`drop function if exists fill_backorders(jsonb);`);
  }

}
