import { Migration } from '@mikro-orm/migrations';

/**
 * What the entity metadata cannot express: the order number sequence, the outbox NOTIFY
 * trigger that wakes the relay, and the default warehouse `MAIN`.
 */
export class Migration20261122005400_sequences_triggers_defaults extends Migration {

  override name = 'Migration20261122005400_sequences_triggers_defaults';

  override up(): void | Promise<void> {
    this.addSql(`create sequence "order_number_seq" start with 1 increment by 1 no cycle;`);

    this.addSql(`create or replace function "outbox_event_notify"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('outbox', new.id::text);
        return null;
      end;
    $$;`);
    this.addSql(`create trigger "outbox_event_notify_insert" after insert on "outbox_event" for each row execute function "outbox_event_notify"();`);

    this.addSql(`insert into "warehouse" ("code", "name", "name_zh", "is_default", "created_at") values ('MAIN', 'Main warehouse', '主仓库', true, now());`);
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from "warehouse" where "code" = 'MAIN' and not exists (select 1 from "stock_level" where "warehouse_id" = "warehouse"."id");`);
    this.addSql(`drop trigger if exists "outbox_event_notify_insert" on "outbox_event";`);
    this.addSql(`drop function if exists "outbox_event_notify"();`);
    this.addSql(`drop sequence if exists "order_number_seq";`);
  }

}
