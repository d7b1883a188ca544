import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * An order ships in rounds when part of it waits (backorders, a short pick): each round's units
 * are listed, scanned and shipped, then its pick-list lines close. These are the round's units
 * scanned per order line id, or null when the order was not picked from a list (packed by hand:
 * everything it reserved ships).
 */
export async function scannedUnits(em: EntityManager, orderId: number): Promise<Map<number, number> | null> {
  const rows = await em.execute<Array<{ order_line_id: number; scanned: string }>>(
    'select order_line_id, sum(scanned) as scanned from pick_list_line where order_id = ? and not closed group by order_line_id',
    [orderId],
  );
  return rows.length === 0 ? null : new Map(rows.map((row) => [row.order_line_id, Number(row.scanned)]));
}

/** The round shipped: its pick-list lines are done (what is still reserved is listed again in the next round). */
export async function closeRound(tx: EntityManager, orderId: number): Promise<void> {
  await tx.execute('update pick_list_line set closed = true where order_id = ? and not closed', [orderId], 'run');
}
