import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The next number of a back-office document (`T-000042`, `PO-000007`) from its own PostgreSQL
 * sequence: gap-tolerant, never reused, safe under concurrent transactions.
 */
export async function nextDocumentNumber(tx: EntityManager, sequence: string, prefix: string): Promise<string> {
  const [row] = await tx.execute<Array<{ value: string }>>(`select nextval('${sequence}') as value`);
  return `${prefix}-${String(row!.value).padStart(6, '0')}`;
}
