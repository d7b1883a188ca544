import { pino, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

export type { Logger };

/**
 * Paths that must never reach a log line: tokens, API keys, passwords, signatures and
 * sessions. pino replaces their values with "[redacted]".
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-slack-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  '*.token',
  '*.apiKey',
  '*.password',
  '*.secret',
];

/**
 * Secrets that travel inside other text: a Telegram bot token in a Bot API URL (a failed
 * request's message names it), a Slack token, a password in a URL (SMTP, database), a credential in a query string (`?token=`, the
 * pick list's link) or in a field of that name at any depth.
 */
const secretPatterns: Array<[RegExp, string]> = [
  [/\/bot\d+:[\w-]+/g, '/bot[redacted]'],
  [/\bxox[abposr]-[\w-]+/g, 'xox[redacted]'],
  // A password inside a URL (`smtp://user:password@host`, a database URL in an error).
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s/]+@/gi, '$1[redacted]@'],
  [/([?&](?:token|key|secret|signature|password|code)=)[^&#\s"']+/gi, '$1[redacted]'],
  // The same names as JSON fields at any depth (a parsed query string: `"query":{"token":"…"}`).
  [/("(?:token|key|secret|signature|password|apiKey)":)"(?:[^"\\]|\\.)*"/g, '$1"[redacted]"'],
];

/** `text` with any secret it carries replaced by "[redacted]". */
export function redactSecrets(text: string): string {
  let clean = text;
  for (const [pattern, replacement] of secretPatterns) clean = clean.replace(pattern, replacement);
  return clean;
}

/** The process logger: JSON lines on stdout, secrets redacted (by path, and inside any text). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    // The finished line, whatever field or message a secret hides in (an error's URL, a request's query).
    hooks: { streamWrite: redactSecrets },
  }, destination);
}

/**
 * Where the demo logs: one readable line per event (time, level, message, then its fields on the
 * same line; coloured on a terminal) instead of JSON. Secrets are redacted before it, as always.
 */
export function readableLogStream(output: NodeJS.WritableStream = process.stdout): pino.DestinationStream {
  return PinoPretty({
    colorize: Boolean((output as { isTTY?: boolean }).isTTY), translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true, sync: true, destination: output,
  });
}
