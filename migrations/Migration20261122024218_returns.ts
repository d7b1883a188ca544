import { Migration } from '@mikro-orm/migrations';

/** Return requests (RMA numbers, decisions, receipt outcome, refund status). */
export class Migration20261122024218_returns extends Migration {

  override name = 'Migration20261122024218_returns';

  override up(): void | Promise<void> {
    this.addSql(`create sequence "return_rma_seq" start with 1 increment by 1 no cycle;`);
    this.addSql(`create table "return_request" ("id" serial primary key, "rma" varchar(20) not null, "order_id" int not null, "customer_id" int not null, "lines" jsonb not null, "reason" text not null, "status" text not null default 'requested', "resolution" text null, "refund_status" text not null default 'pending', "decided_by" varchar(100) null, "created_at" timestamptz not null, "received_at" timestamptz null);`);
    this.addSql(`alter table "return_request" add constraint "return_request_rma_unique" unique ("rma");`);

    this.addSql(`alter table "feedback" drop constraint "feedback_score_range";`);
    this.addSql(`alter table "feedback" add constraint "feedback_score_range" check (score between 1 and 5);`);

    this.addSql(`alter table "return_request" add constraint "return_request_order_id_foreign" foreign key ("order_id") references "order" ("id");`);
    this.addSql(`alter table "return_request" add constraint "return_request_customer_id_foreign" foreign key ("customer_id") references "customer" ("id");`);
    this.addSql(`alter table "return_request" add constraint "return_request_status_check" check ("status" in ('requested', 'approved', 'rejected', 'received'));`);
    this.addSql(`alter table "return_request" add constraint "return_request_resolution_check" check ("resolution" in ('restock', 'write_off'));`);
    this.addSql(`alter table "return_request" add constraint "return_request_refund_status_check" check ("refund_status" in ('pending', 'refunded', 'none'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop sequence if exists "return_rma_seq";`);
    this.addSql(`drop table if exists "return_request" cascade;`);

    this.addSql(`alter table "feedback" drop constraint "feedback_score_range";`);
    this.addSql(`alter table "feedback" add constraint "feedback_score_range" check ((score >= 1) AND (score <= 5));`);
  }

}
