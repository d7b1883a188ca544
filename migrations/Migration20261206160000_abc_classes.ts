import { Migration } from '@mikro-orm/migrations';

/** ABC classes are computed weekly; one set by hand (A or B so far) is kept as fixed. */
export class Migration20261206160000_abc_classes extends Migration {

  override name = 'Migration20261206160000_abc_classes';

  override up(): void | Promise<void> {
    this.addSql(`alter table "reorder_policy" add column "abc_fixed" boolean not null default false;`);
    this.addSql(`update "reorder_policy" set "abc_fixed" = true where "abc_class" <> 'C';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "reorder_policy" drop column "abc_fixed";`);
  }

}
