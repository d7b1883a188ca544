import { isAppError } from '../../../core/shared/errors.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { showCart } from './cart.ts';
import { mainMenu } from './menu.ts';

interface RowProblem {
  row: number;
  code: string;
  sku: string | null;
  nearest?: Array<number | null>;
}

/** Pasted lines as the bulk reader reads them: `SKU quantity` per line (or a CSV with its header). */
export function pastedCsv(text: string): { csv: string; headed: boolean } {
  const headed = /^\s*sku\s*[,;]/i.test(text);
  if (headed) return { csv: text, headed };
  const rows = text.split(/\r\n|\n|\r/).map((line) => line.trim().replace(/\s*[×x*]\s*(?=\d+\s*$)/i, ' ').split(/[\s,;]+/).join(','));
  return { csv: ['sku,quantity', ...rows].join('\n'), headed };
}

/**
 * `/bulk` followed by one `SKU quantity` per line (or a pasted CSV, or a CSV file sent in the chat): the same all-or-nothing
 * check as a CSV order. Every bad line is named in the buyer's language and nothing changes;
 * otherwise the lines become the cart (at the buyer's prices), from where they check out or,
 * for a company, ask for a quote.
 */
export async function bulkEntry(turn: Turn, text: string | null): Promise<Reply[]> {
  // A file too large to fetch (over 1 MiB) or that could not be read.
  if (text === null) return [turn.reply(turn.say('chat.bulk.too_large'), mainMenu(turn))];
  if (!text.trim()) return [turn.reply(turn.say('chat.bulk.usage'), mainMenu(turn))];
  const { csv, headed } = pastedCsv(text);
  let lines;
  try {
    ({ lines } = await turn.deps.core.orders.validateBulkOrder(csv, await turn.actor()));
  } catch (error) {
    if (!isAppError(error) || !['invalid_rows', 'payload_too_large', 'invalid_input'].includes(error.code)) throw error;
    if (error.code !== 'invalid_rows') {
      const key = error.code === 'payload_too_large' ? 'chat.bulk.too_large' : error.details?.reason === 'not_utf8' ? 'chat.bulk.not_utf8' : 'chat.bulk.usage';
      return [turn.reply(turn.say(key), mainMenu(turn))];
    }
    const problems = (error.details?.rows as RowProblem[] | undefined) ?? [];
    const named = problems.slice(0, 10).map((problem) => turn.say(`chat.bulk.row.${problem.code === 'quantity_rule' || problem.code === 'unknown_product' || problem.code === 'quantity_limit' ? problem.code : 'invalid'}`, {
      line: headed ? problem.row : problem.row - 1, sku: problem.sku ?? '—',
      options: (problem.nearest ?? []).filter((value) => value !== null).join(' / ') || '—',
    }));
    return [turn.reply([turn.say('chat.bulk.refused'), ...named].join('\n'), mainMenu(turn))];
  }
  turn.state.cart = lines.map((line) => ({ productId: line.productId, quantity: line.quantity }));
  turn.state.checkout = undefined;
  return [turn.reply(turn.say('chat.bulk.ready', { lines: lines.length })), ...(await showCart(turn))];
}
