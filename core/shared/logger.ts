import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths that must never reach a log line: tokens, API keys, passwords and signatures.
 * pino replaces their values with "[redacted]".
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-slack-signature"]',
  'headers.authorization',
  '*.token',
  '*.apiKey',
  '*.password',
  '*.secret',
];

/** The process logger: JSON lines on stdout, secrets redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
}
