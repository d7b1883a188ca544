import type { Locale } from '../../core/customers/index.ts';
import { t } from '../i18n/index.ts';
import { escapeHtml } from '../http/html.ts';

/** The web chat page in the visitor's language; the client script does the rest. */
export function chatPage(locale: Locale): string {
  const strings = { offline: t(locale, 'webchat.offline'), busy: t(locale, 'webchat.busy'), error: t(locale, 'chat.error'), slowDown: t(locale, 'chat.slow_down') };
  // JSON inside a script element: "<" is escaped so no text can close the element.
  const config = JSON.stringify({ locale, strings }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t(locale, 'webchat.title'))}</title>
<link rel="stylesheet" href="/chat/chat.css">
</head>
<body>
<header><h1>${escapeHtml(t(locale, 'webchat.title'))}</h1><div id="status" role="status" aria-live="polite"></div></header>
<ol id="log" role="log" aria-live="polite" aria-label="${escapeHtml(t(locale, 'webchat.title'))}"></ol>
<form id="composer" autocomplete="off">
  <label class="visually-hidden" for="message">${escapeHtml(t(locale, 'webchat.input_label'))}</label>
  <input id="message" name="message" maxlength="4096" placeholder="${escapeHtml(t(locale, 'webchat.placeholder'))}" required>
  <button type="submit">${escapeHtml(t(locale, 'webchat.send'))}</button>
</form>
<script type="application/json" id="config">${config}</script>
<script src="/chat/chat.js" defer></script>
</body>
</html>`;
}
