import { Migration } from '@mikro-orm/migrations';

/**
 * Order intake as one server-side call (`place_order(jsonb)`), the indexes its read needs, and
 * no NOTIFY inside the commit of every outbox row.
 *
 * The client reads everything an order needs in one statement and decides prices, allocation
 * and checks in TypeScript; then `place_order` claims the idempotency key, finds or creates the
 * customer, numbers the order, reserves stock through `post_stock_movements` (rows locked in a
 * fixed order) and writes order, lines, audit, outbox, address, low-stock alerts and the stored
 * response, all in one statement: stock rows stay locked for the microseconds the function
 * runs, never across a network round trip. Refusals come back as SQLSTATE `OC409`
 * (insufficient_stock, idempotency_in_progress, with a JSON detail) or `OC422`
 * (idempotency_key_reused), and roll the call back.
 *
 * The outbox row trigger called `pg_notify` in every committing transaction, which serialises
 * commits on the notification queue; the relay is now woken after commit instead.
 */
export class Migration20261206040000_fast_intake extends Migration {

  override name = 'Migration20261206040000_fast_intake';

  override up(): void | Promise<void> {
    this.addSql(`create index if not exists "stock_level_product_index" on "stock_level" ("product_id");`);
    this.addSql(`create index if not exists "customer_address_customer_index" on "customer_address" ("customer_id");`);
    this.addSql(`create index if not exists "order_customer_fingerprint_index" on "order" ("customer_id", "lines_fingerprint", "placed_at");`);
    this.addSql(`drop trigger if exists "outbox_event_notify_insert" on "outbox_event";`);
    this.addSql(`drop function if exists "outbox_event_outbox_event_notify_insert_fn"();`);
    this.addSql(`
create or replace function place_order(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_idem jsonb := nullif(p->'idempotency', 'null'::jsonb);
  v_stored record;
  v_customer int := (p->>'customerId')::int;
  v_order int;
  v_sequence text;
  v_number text;
  v_posted jsonb;
  v_short jsonb;
  v_response text;
begin
  if v_idem is not null then
    insert into idempotency_record (scope, key, request_hash, created_at)
    values (v_idem->>'scope', v_idem->>'key', v_idem->>'hash', now())
    on conflict (scope, key) do nothing;
    if not found then
      select r.request_hash, r.response into v_stored from idempotency_record r where r.scope = v_idem->>'scope' and r.key = v_idem->>'key';
      if v_stored.request_hash is distinct from v_idem->>'hash' then
        raise exception using errcode = 'OC422', message = 'idempotency_key_reused';
      end if;
      if v_stored.response is null then
        raise exception using errcode = 'OC409', message = 'idempotency_in_progress';
      end if;
      return jsonb_build_object('replayed', true, 'response', v_stored.response);
    end if;
  end if;

  if v_customer is null then
    select ci.customer_id into v_customer from customer_identity ci
     where ci.channel = p#>>'{identity,channel}' and ci.external_id = p#>>'{identity,externalId}';
    if v_customer is null then
      insert into customer (name, phone, email, locale, created_at)
      values (p#>>'{contact,name}', p#>>'{contact,phone}', p#>>'{contact,email}', coalesce(p#>>'{contact,locale}', 'zh-CN'), now())
      returning id into v_customer;
      insert into customer_identity (customer_id, channel, external_id, created_at)
      values (v_customer, p#>>'{identity,channel}', p#>>'{identity,externalId}', now())
      on conflict (channel, external_id) do nothing;
      if not found then
        -- Another first order of the same person committed meanwhile: theirs is the customer.
        delete from customer where id = v_customer;
        select ci.customer_id into v_customer from customer_identity ci
         where ci.channel = p#>>'{identity,channel}' and ci.external_id = p#>>'{identity,externalId}';
      end if;
    end if;
  end if;

  v_sequence := nextval('order_number_seq')::text;
  v_number := (p->>'numberPrefix') || case when length(v_sequence) >= 6 then v_sequence else lpad(v_sequence, 6, '0') end;

  -- Reserve through the one stock writer; any line short rolls the whole call back.
  select coalesce(jsonb_agg(jsonb_build_object('index', x.movement_index, 'applied', x.applied)), '[]') into v_posted
    from post_stock_movements((
      select coalesce(jsonb_agg(m.value || jsonb_build_object('reference', v_number, 'actorType', p#>>'{actor,type}', 'actorId', p#>>'{actor,id}') order by m.ordinality), '[]')
        from jsonb_array_elements(p->'reservations') with ordinality as m)) as x;
  if exists (select 1 from jsonb_array_elements(v_posted) e where not (e->>'applied')::boolean) then
    select jsonb_agg(jsonb_build_object(
             'sku', line.r->>'sku', 'productId', (line.r->>'productId')::int, 'requested', (line.r->>'reservedDelta')::int,
             -- What is free now, everywhere, plus what this call reserved of it before rolling back.
             'available', coalesce((select sum(s.on_hand - s.reserved) from stock_level s where s.product_id = (line.r->>'productId')::int), 0)
                        + coalesce((select sum((p->'reservations'->((f->>'index')::int)->>'reservedDelta')::int) from jsonb_array_elements(v_posted) f
                                     where (f->>'applied')::boolean and (p->'reservations'->((f->>'index')::int)->>'productId')::int = (line.r->>'productId')::int), 0)))
      into v_short
      from jsonb_array_elements(v_posted) e, lateral (select p->'reservations'->((e->>'index')::int) as r) as line
     where not (e->>'applied')::boolean;
    raise exception using errcode = 'OC409', message = 'insufficient_stock', detail = v_short::text;
  end if;

  insert into "order" (number, customer_id, status, channel, subtotal_minor, shipping_minor, total_minor, currency, shipping_address, contact,
                       payment_method, payment_status, notes, flags, approval_reasons, lines_fingerprint, placed_at, promised_at, updated_at, version)
  select v_number, v_customer, o.status, o.channel, o.subtotal_minor, o.shipping_minor, o.total_minor, o.currency, o.shipping_address, o.contact,
         o.payment_method, 'unpaid', o.notes, o.flags, o.approval_reasons, o.lines_fingerprint, o.placed_at, o.promised_at, o.placed_at, 1
    from jsonb_to_record(p->'order') as o(status text, channel text, subtotal_minor int, shipping_minor int, total_minor int, currency text,
         shipping_address jsonb, contact jsonb, payment_method text, notes text, flags jsonb, approval_reasons jsonb, lines_fingerprint text,
         placed_at timestamptz, promised_at timestamptz)
  returning id into v_order;

  insert into order_line (order_id, product_id, warehouse_id, sku, name, quantity, unit_price_minor, line_total_minor)
  select v_order, l.product_id, l.warehouse_id, l.sku, l.name, l.quantity, l.unit_price_minor, l.line_total_minor
    from jsonb_to_recordset(p->'lines') as l(product_id int, warehouse_id int, sku text, name text, quantity int, unit_price_minor int, line_total_minor int);

  insert into audit_entry (entity_type, entity_id, action, actor_type, actor_id, before, after, created_at)
  values ('order', v_number, 'order.placed', p#>>'{actor,type}', p#>>'{actor,id}', null, p->'audit', now());

  insert into outbox_event (topic, aggregate_type, aggregate_id, payload, created_at)
  values (p->>'topic', 'order', v_number, jsonb_build_object('orderNumber', v_number, 'customerId', v_customer) || (p->'event'), now());

  -- Every reorder policy these reservations just took below its point alerts once (until re-armed).
  with crossed as (
    update reorder_policy r set alerted_at = now()
      from stock_level s
     where s.warehouse_id = r.warehouse_id and s.product_id = r.product_id
       and (r.warehouse_id, r.product_id) in (select (m->>'warehouseId')::int, (m->>'productId')::int from jsonb_array_elements(p->'reservations') m)
       and r.alerted_at is null and s.on_hand - s.reserved < r.reorder_point
    returning r.warehouse_id, r.product_id, s.on_hand - s.reserved as available, r.reorder_point)
  insert into outbox_event (topic, aggregate_type, aggregate_id, payload, created_at)
  select 'inventory.low_stock', 'stock', c.warehouse_id || '/' || c.product_id,
         jsonb_build_object('warehouseId', c.warehouse_id, 'productId', c.product_id, 'available', c.available, 'reorderPoint', c.reorder_point), now()
    from crossed c;

  if p->'address' is not null and jsonb_typeof(p->'address') = 'object' then
    update customer_address a set last_used_at = now()
     where a.customer_id = v_customer and a.line1 = p#>>'{address,line1}' and a.city = p#>>'{address,city}' and a.country = p#>>'{address,country}';
    if not found then
      insert into customer_address (customer_id, line1, city, region, postal_code, country, last_used_at)
      values (v_customer, p#>>'{address,line1}', p#>>'{address,city}', p#>>'{address,region}', p#>>'{address,postalCode}', p#>>'{address,country}', now());
    end if;
  end if;

  -- The response was built by the caller with the number as its first key, left blank.
  v_response := regexp_replace(p->>'response', '^\\{"number":"[^"]*"', '{"number":' || to_json(v_number)::text);
  if v_idem is not null then
    update idempotency_record set response = v_response where scope = v_idem->>'scope' and key = v_idem->>'key';
  end if;
  return jsonb_build_object('replayed', false, 'response', v_response, 'customerId', v_customer);
end;
$$;`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop function if exists place_order(jsonb);');
    this.addSql(`create or replace function "outbox_event_outbox_event_notify_insert_fn"() returns trigger as $$ begin perform pg_notify('outbox', new.id::text); return null; end; $$ language plpgsql;`);
    this.addSql(`create trigger "outbox_event_notify_insert" after insert on "outbox_event" for each row execute function "outbox_event_outbox_event_notify_insert_fn"();`);
    this.addSql('drop index if exists "order_customer_fingerprint_index";');
    this.addSql('drop index if exists "customer_address_customer_index";');
    this.addSql('drop index if exists "stock_level_product_index";');
  }

}
