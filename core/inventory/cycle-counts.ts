import type { EntityManager } from '@mikro-orm/postgresql';
import type { AbcClass } from './reorder-policy.entity.ts';

/**
 * Which ABC classes are due for a cycle count on `date` (in `timeZone`): A every Monday,
 * B on the first of each month, C on the first of each quarter. Pure.
 */
export function dueAbcClasses(date: Date, timeZone: string): AbcClass[] {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', day: 'numeric', month: 'numeric' })
    .formatToParts(date).map((part) => [part.type, part.value]));
  const due: AbcClass[] = [];
  if (parts.weekday === 'Mon') due.push('A');
  if (parts.day === '1') due.push('B');
  if (parts.day === '1' && ['1', '4', '7', '10'].includes(parts.month!)) due.push('C');
  return due;
}

/** The (warehouse, ABC class) pairs with products due for a cycle count on `date`. */
export async function dueCycleCounts(em: EntityManager, date: Date, timeZone: string): Promise<Array<{ warehouse: string; abcClass: AbcClass }>> {
  const classes = dueAbcClasses(date, timeZone);
  if (classes.length === 0) return [];
  const targets = await em.execute<Array<{ code: string; abc_class: AbcClass }>>(
    'select distinct w.code, r.abc_class from reorder_policy r join warehouse w on w.id = r.warehouse_id where r.abc_class in (?) order by 1, 2',
    [classes],
  );
  return targets.map((target) => ({ warehouse: target.code, abcClass: target.abc_class }));
}
