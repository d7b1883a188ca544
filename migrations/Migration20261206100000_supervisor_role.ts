import { Migration } from '@mikro-orm/migrations';

/** The `supervisor` staff role (confirms a picked item by its SKU when the barcode will not scan). */
export class Migration20261206100000_supervisor_role extends Migration {

  override name = 'Migration20261206100000_supervisor_role';

  override up(): void | Promise<void> {
    this.addSql(`alter table "staff_member" drop constraint "staff_member_role_check";`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_role_check" check ("role" in ('agent', 'supervisor', 'manager', 'finance', 'admin'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`update "staff_member" set role = 'agent' where role = 'supervisor';`);
    this.addSql(`alter table "staff_member" drop constraint "staff_member_role_check";`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_role_check" check ("role" in ('agent', 'manager', 'finance', 'admin'));`);
  }

}
