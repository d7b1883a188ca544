import type { Locale } from '../../core/customers/index.ts';
import type { Notice } from '../../core/notifications/index.ts';
import { renderNotice } from '../i18n/notices.ts';
import { t } from '../i18n/index.ts';
import { escapeHtml } from '../http/html.ts';

/** One e-mail: subject, plain-text and HTML parts, attachments. */
export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
  attachments: Array<{ filename: string; content: string; contentType: string }>;
}

/** One table cell, escaped. */
const cell = (value: string | number, tag = 'td') => `<${tag} style="border:1px solid #999;padding:.3em .6em;text-align:left">${escapeHtml(String(value))}</${tag}>`;

/** A CSV field, quoted when it must be (RFC 4180). */
const csvField = (value: string | number) => (/[",\r\n]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));

/**
 * A notice as an e-mail in the recipient's language: the same text the chats get as the plain
 * part, its lines as HTML paragraphs (escaped), and the first line, without its emoji, as the
 * subject. A purchase order also carries its lines as an HTML table and a CSV attachment.
 */
export function emailMessage(notice: Notice, locale: Locale, timeZone: string): EmailMessage {
  const { text } = renderNotice(notice, locale, timeZone);
  const lines = text.split('\n');
  const subject = lines[0]!.replace(/^[^\p{L}\p{N}]+/u, '').slice(0, 150);
  const paragraphs = lines.map((line) => `<p style="margin:0 0 .6em">${escapeHtml(line)}</p>`);
  if (notice.kind !== 'supplier_purchase_order') {
    return { subject, text, html: page(locale, paragraphs.join('\n')), attachments: [] };
  }
  const table = [
    '<table style="border-collapse:collapse;margin:.6em 0">',
    `<tr>${cell(t(locale, 'email.table.sku'), 'th')}${cell(t(locale, 'email.table.item'), 'th')}${cell(t(locale, 'email.table.quantity'), 'th')}</tr>`,
    ...notice.lines.map((line) => `<tr>${cell(line.sku)}${cell(line.name)}${cell(line.quantity)}</tr>`),
    '</table>',
  ].join('\n');
  // The text's bullet lines become the table in the HTML part.
  const html = [...paragraphs.filter((_, index) => !lines[index]!.startsWith('• ')), table].join('\n');
  const csv = [['sku', 'name', 'quantity'], ...notice.lines.map((line) => [line.sku, line.name, line.quantity])].map((row) => row.map(csvField).join(',')).join('\r\n');
  return {
    subject, text, html: page(locale, html),
    attachments: [{ filename: `${notice.number}.csv`, content: `${csv}\r\n`, contentType: 'text/csv; charset=utf-8' }],
  };
}

function page(locale: Locale, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head><body style="font:15px system-ui,sans-serif;color:#222">\n${body}\n</body></html>`;
}
