import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, tsFiles } from '../support/import-graph.ts';

/**
 * SQL in core that changes stock quantities or the ledger by hand. The one writer is the
 * `post_stock_movements` function (called by `core/inventory/stock-ledger.ts`), so on-hand
 * equals the ledger by construction. A new stock level holding nothing (a bin for a product not
 * stocked yet) changes no quantity and is allowed.
 */
function handWrittenStockWrites(file: string, source: string): string[] {
  const found: string[] = [];
  if (/update\s+stock_level\b[^`]*\bset\b[^`]*\b(on_hand|reserved)\s*=/i.test(source)) found.push(`${file} updates stock_level quantities`);
  if (/insert\s+into\s+stock_movement\b/i.test(source)) found.push(`${file} inserts into stock_movement`);
  for (const match of source.matchAll(/insert\s+into\s+stock_level\s*\(([^)]*)\)\s*values\s*\(([^)]*)\)/gi)) {
    const columns = match[1]!.split(',').map((column) => column.trim());
    const values = match[2]!.split(',').map((value) => value.trim());
    const quantities = ['on_hand', 'reserved'].map((column) => values[columns.indexOf(column)]);
    if (quantities.some((value) => value !== '0')) found.push(`${file} inserts a stock level with a quantity`);
  }
  if (/\b(create|persist)\(\s*Stock(Level|Movement)\b/.test(source)) found.push(`${file} creates a stock entity through the ORM`);
  return found;
}

describe('one writer of stock', () => {
  it('no file in core/ writes stock quantities or ledger rows except through post_stock_movements', () => {
    const files = tsFiles(join(root, 'core'));
    const found = files.flatMap((file) => handWrittenStockWrites(relative(root, file), readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the check catches each way around the writer', () => {
    const samples = [
      "await tx.execute('update stock_level set reserved = reserved + ? where id = ?', [1, 2]);",
      '`update stock_level s set on_hand = s.on_hand - 1 where s.id = ?`',
      "insert into stock_movement (warehouse_id, product_id, kind) values (?, ?, 'receipt')",
      'insert into stock_level (warehouse_id, product_id, on_hand, reserved) values (?, ?, ?, 0)',
      'tx.create(StockMovement, { kind: "receipt" })',
    ];
    for (const sample of samples) expect(handWrittenStockWrites('sample.ts', sample), sample).toHaveLength(1);
    expect(handWrittenStockWrites('bin.ts', 'insert into stock_level (warehouse_id, product_id, on_hand, reserved, bin, updated_at) values (?, ?, 0, 0, ?, now())')).toEqual([]);
  });
});
