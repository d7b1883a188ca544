import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { checkQuantity, Product, QuantityRule, type QuantityRuleFacts } from '../catalog/index.ts';

/** The most data rows and bytes of one bulk order (CSV): more is 413, never truncated. */
export const bulkLimits = { rows: 500, bytes: 1024 * 1024 } as const;

/** One data row as read: its row number as a spreadsheet shows it (the header is row 1). */
export interface BulkRow {
  row: number;
  sku: string;
  quantity: number;
  unit: 'unit' | 'case';
}

/** Why one row cannot be ordered. */
export interface RowProblem {
  row: number;
  code: 'invalid_row' | 'invalid_quantity' | 'invalid_unit' | 'unknown_product' | 'quantity_rule' | 'quantity_limit';
  sku: string | null;
  message: string;
  /** For `quantity_rule`: the nearest quantities that keep the rule. */
  nearest?: Array<number | null>;
}

/** The rows read, merged per SKU, with what was merged. */
export interface BulkLines {
  lines: Array<{ sku: string; productId: number; quantity: number; rows: number[] }>;
  /** Rows that repeated an SKU and were added to its first row. */
  merged: Array<{ sku: string; rows: number[] }>;
}

const skuPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Reads a bulk order, pure: UTF-8 text (a byte-order mark tolerated), a header `sku,quantity`
 * with an optional `unit` column (`unit` or `case`), separated by commas or semicolons, blank
 * lines skipped. More than 500 data rows is 413. Returns the rows and every row that is
 * malformed, each with its number; nothing is decided while any row is wrong.
 */
export function parseBulkCsv(text: string): { rows: BulkRow[]; problems: RowProblem[] } {
  // Bytes that were not UTF-8 arrive as U+FFFD: a file saved in another encoding (GBK, Latin-1).
  if (text.includes('\uFFFD')) throw new AppError('invalid_input', 'The file is not UTF-8 text: save it as "CSV UTF-8" and send it again', { reason: 'not_utf8' });
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const headerAt = lines.findIndex((line) => line.trim() !== '');
  if (headerAt < 0) throw new AppError('invalid_input', 'The file is empty: it needs a header "sku,quantity" and one row per item');
  const separator = lines[headerAt]!.includes(';') && !lines[headerAt]!.includes(',') ? ';' : ',';
  const header = lines[headerAt]!.split(separator).map((name) => name.trim().toLowerCase());
  const at = { sku: header.indexOf('sku'), quantity: header.indexOf('quantity'), unit: header.indexOf('unit') };
  if (at.sku < 0 || at.quantity < 0) throw new AppError('invalid_input', 'The first row must name the columns: sku,quantity (and optionally unit)', { header });
  const data = lines.map((line, index) => ({ line, row: index + 1 })).slice(headerAt + 1).filter(({ line }) => line.trim() !== '');
  if (data.length > bulkLimits.rows) throw new AppError('payload_too_large', `At most ${bulkLimits.rows} rows per order; this file has ${data.length}`, { maxRows: bulkLimits.rows, rows: data.length });
  const rows: BulkRow[] = [];
  const problems: RowProblem[] = [];
  for (const { line, row } of data) {
    const cells = line.split(separator).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim());
    const sku = cells[at.sku] ?? '';
    const quantityText = cells[at.quantity] ?? '';
    const unitText = (at.unit >= 0 ? cells[at.unit] ?? '' : '').toLowerCase() || 'unit';
    if (!skuPattern.test(sku)) {
      problems.push({ row, code: 'invalid_row', sku: sku || null, message: `Row ${row}: "${sku.slice(0, 64)}" is not an SKU` });
      continue;
    }
    const quantity = /^\d{1,7}$/.test(quantityText) ? Number(quantityText) : Number.NaN;
    if (!Number.isInteger(quantity) || quantity < 1) {
      problems.push({ row, code: 'invalid_quantity', sku, message: `Row ${row}: the quantity of ${sku} must be a whole number of at least 1, not "${quantityText.slice(0, 20)}"` });
      continue;
    }
    if (unitText !== 'unit' && unitText !== 'case') {
      problems.push({ row, code: 'invalid_unit', sku, message: `Row ${row}: the unit must be "unit" or "case", not "${unitText.slice(0, 20)}"` });
      continue;
    }
    rows.push({ row, sku, quantity, unit: unitText });
  }
  return { rows, problems };
}

/** What the catalogue says of the SKUs of a bulk order. */
export interface BulkProduct {
  id: number;
  sku: string;
  active: boolean;
  quantityRule: QuantityRuleFacts | null;
}

/**
 * The rows against the catalogue, pure: every SKU must be for sale; a `case` row counts the
 * product's case size (its rule's increment) per case; repeated SKUs are merged (told as a
 * warning) and the merged quantity must keep the product's case rule and the per-line limit.
 * Every problem names its rows. Throws 422 `invalid_rows` listing them all; nothing is placed.
 */
export function checkBulkRows(parsed: { rows: BulkRow[]; problems: RowProblem[] }, products: readonly BulkProduct[], maxPerLine: number): BulkLines {
  const problems = [...parsed.problems];
  const bySku = new Map(products.map((product) => [product.sku, product]));
  const lines = new Map<string, BulkLines['lines'][number]>();
  for (const row of parsed.rows) {
    const product = bySku.get(row.sku);
    if (!product?.active) {
      problems.push({ row: row.row, code: 'unknown_product', sku: row.sku, message: `Row ${row.row}: no product for sale with SKU ${row.sku}` });
      continue;
    }
    if (row.unit === 'case' && !product.quantityRule) {
      problems.push({ row: row.row, code: 'invalid_unit', sku: row.sku, message: `Row ${row.row}: ${row.sku} is not sold in cases` });
      continue;
    }
    const units = row.unit === 'case' ? row.quantity * product.quantityRule!.increment : row.quantity;
    const line = lines.get(row.sku) ?? { sku: row.sku, productId: product.id, quantity: 0, rows: [] };
    lines.set(row.sku, { ...line, quantity: line.quantity + units, rows: [...line.rows, row.row] });
  }
  for (const line of lines.values()) {
    const rule = bySku.get(line.sku)!.quantityRule;
    const broken = rule ? checkQuantity(line.quantity, rule) : null;
    const where = line.rows.length > 1 ? `Rows ${line.rows.join(', ')} (together)` : `Row ${line.rows[0]}`;
    for (const row of line.rows) {
      if (broken) {
        const ways = broken.nearest.filter((value) => value !== null).join(' or ');
        problems.push({ row, code: 'quantity_rule', sku: line.sku, nearest: broken.nearest, message: `${where}: ${line.sku} is sold from ${broken.minimum} in steps of ${broken.increment}; ${line.quantity} is not possible${ways ? ` (${ways} are)` : ''}` });
      } else if (line.quantity > maxPerLine) {
        problems.push({ row, code: 'quantity_limit', sku: line.sku, message: `${where}: at most ${maxPerLine} units of ${line.sku} per order` });
      }
    }
  }
  if (problems.length > 0) {
    const sorted = problems.sort((a, b) => a.row - b.row);
    const numbers = [...new Set(sorted.map((problem) => problem.row))];
    throw new AppError('invalid_rows', `${numbers.length === 1 ? 'Row' : 'Rows'} ${numbers.join(', ')} cannot be ordered: nothing was placed`, { rows: sorted });
  }
  const all = [...lines.values()];
  return { lines: all, merged: all.filter((line) => line.rows.length > 1).map((line) => ({ sku: line.sku, rows: line.rows })) };
}

/**
 * The lines of a bulk order from its CSV text, checked against the catalogue (one read of the
 * products and their case rules). Over 1 MiB or 500 rows: 413; any bad row: 422 `invalid_rows`.
 */
export async function readBulkLines(em: EntityManager, csv: string, maxPerLine: number): Promise<BulkLines> {
  if (Buffer.byteLength(csv, 'utf8') > bulkLimits.bytes) throw new AppError('payload_too_large', 'A bulk order may be at most 1 MiB', { limitBytes: bulkLimits.bytes });
  const parsed = parseBulkCsv(csv);
  const skus = [...new Set(parsed.rows.map((row) => row.sku))];
  const products = skus.length > 0 ? await em.find(Product, { sku: { $in: skus } }) : [];
  const rules = products.length > 0 ? await em.find(QuantityRule, { product: { $in: products } }) : [];
  const facts = products.map((product) => {
    const rule = rules.find((each) => each.product.id === product.id);
    return { id: product.id, sku: product.sku, active: product.active, quantityRule: rule ? { minimum: rule.minimum, increment: rule.increment, maximum: rule.maximum ?? null } : null };
  });
  if (parsed.rows.length === 0 && parsed.problems.length === 0) throw new AppError('invalid_input', 'The file has a header but no rows to order');
  return checkBulkRows(parsed, facts, maxPerLine);
}
