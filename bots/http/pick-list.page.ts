import { storableInput } from './storable-input.ts';
import { Router } from 'express';
import { z } from 'zod';
import type { Locale } from '../../core/customers/index.ts';
import type { FulfilmentService, PickListView } from '../../core/fulfilment/index.ts';
import { t } from '../i18n/index.ts';
import { parseInput } from './api/validate.ts';
import { guessLocale } from '../conversation/features/language.ts';
import { scanSchema, shortReportSchema } from './api/fulfilment.schemas.ts';
import { escapeHtml } from './html.ts';

const tokenQuery = z.object({ token: z.string().min(10).max(100) });

function page(pickList: PickListView, token: string, locale: Locale): string {
  const say = (key: Parameters<typeof t>[1], params: Record<string, string | number> = {}) => escapeHtml(t(locale, key, params));
  const rows = pickList.lines.map((line) => {
    const left = line.quantity - line.scanned;
    // A line with units not scanned yet can be reported short: the picker says how many are not on the shelf.
    const missing = line.short > 0
      ? say('picklist.short_waiting', { missing: line.short })
      : left > 0 && pickList.status === 'open' ? `<button type="button" class="short" data-sku="${escapeHtml(line.sku)}" data-order="${escapeHtml(line.order)}" data-left="${left}">${say('picklist.report_short')}</button>` : '';
    return `<tr class="${line.scanned >= line.quantity ? 'done' : ''}"><td>${escapeHtml(line.bin ?? '—')}</td><td>${escapeHtml(line.sku)}</td><td>${escapeHtml(line.name)}</td><td>${escapeHtml(line.barcode ?? '—')}</td><td>${escapeHtml(line.order)}</td><td>${line.scanned} / ${line.quantity}</td><td>${missing}</td></tr>`;
  }).join('\n');
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${say('picklist.title', { number: pickList.number })}</title>
<style>body{font:15px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.35rem .5rem;text-align:left}tr.done{color:#777;text-decoration:line-through}
form{margin:1rem 0}input{font:inherit;padding:.5rem;width:18rem}#result{font-weight:600}@media print{form,#result{display:none}}</style></head><body>
<h1>${say('picklist.title', { number: pickList.number })}</h1><p>${say('picklist.summary', { warehouse: pickList.warehouse, orders: pickList.orders.length, status: pickList.status })}</p>
<form id="scan"><label for="barcode">${say('picklist.scan_label')}</label><br><input id="barcode" name="barcode" autocomplete="off" autofocus required></form>
<p id="result" role="status" aria-live="polite"></p>
<table><thead><tr><th>${say('picklist.bin')}</th><th>SKU</th><th>${say('picklist.item')}</th><th>${say('picklist.barcode')}</th><th>${say('picklist.order')}</th><th>${say('picklist.scanned')}</th><th></th></tr></thead><tbody>
${rows}
</tbody></table>
<script>
const form = document.getElementById('scan'); const input = document.getElementById('barcode'); const result = document.getElementById('result');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await fetch(location.pathname.replace(/print$/, 'scan') + location.search, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ barcode: input.value }) });
  const body = await response.json();
  if (response.ok) { location.reload(); } else { result.textContent = body.error.message; input.select(); }
});
const askMissing = ${JSON.stringify(t(locale, 'picklist.short_prompt'))};
for (const button of document.querySelectorAll('button.short')) {
  button.addEventListener('click', async () => {
    const answer = prompt(askMissing.replace('{sku}', button.dataset.sku), button.dataset.left);
    if (answer === null) return;
    const response = await fetch(location.pathname.replace(/print$/, 'short') + location.search, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku: button.dataset.sku, order: button.dataset.order, missing: Number(answer) }) });
    const body = await response.json();
    if (response.ok) { location.reload(); } else { result.textContent = body.error.message; }
  });
}
</script></body></html>`;
}

/**
 * The printable pick list (in the browser's language, else DEFAULT_LOCALE) at `/pick-lists/{number}/print?token=…` and its scan box, which posts
 * to `/pick-lists/{number}/scan?token=…`: a barcode scanner types into the box and presses Enter.
 * A line's "Missing" button reports units not on the shelf (`/pick-lists/{number}/short?token=…`).
 * The token from the creating API call is the only credential (it is stored hashed).
 */
export function pickListPageRouter(fulfilment: FulfilmentService, locale: Locale): Router {
  const router = Router();
  router.use(storableInput);
  // The pages carry a credential in their URL and show who ordered what: no cache keeps them.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get('/:number/print', async (req, res) => {
    const { token } = parseInput(tokenQuery, req.query, 'query');
    const pickList = await fulfilment.pickListForToken(String(req.params.number), token);
    const language = req.acceptsLanguages('zh-CN', 'zh', 'en');
    res.type('html').send(page(pickList, token, guessLocale(language || undefined, locale)));
  });
  router.post('/:number/scan', async (req, res) => {
    const { token } = parseInput(tokenQuery, req.query, 'query');
    res.json(await fulfilment.scanWithToken(String(req.params.number), token, parseInput(scanSchema, req.body)));
  });
  router.post('/:number/short', async (req, res) => {
    const { token } = parseInput(tokenQuery, req.query, 'query');
    res.json(await fulfilment.reportShortWithToken(String(req.params.number), token, parseInput(shortReportSchema, req.body)));
  });
  return router;
}
