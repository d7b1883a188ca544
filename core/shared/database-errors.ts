import { AppError } from './errors.ts';

/** How long clients are asked to wait before trying again while the database is unavailable. */
export const databaseRetryAfterSeconds = 2;

/**
 * SQLSTATE classes and codes that mean "the database cannot serve you right now", not "your
 * request is wrong": connection failures (class 08), shutdown and start-up (57P01-57P03),
 * too many connections (53300), statement and idle-in-transaction timeouts (57014, 25P03).
 */
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300', '53400', '57014', '25P03']);

/** Node socket errors of a server that is down or restarting. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** Messages of `pg` and `pg-pool` that carry no code. */
const driverMessages = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
  'terminating connection',
];

/**
 * True when `error` says PostgreSQL is unreachable, restarting, overloaded or the pool had no
 * free connection in time: the request may succeed if tried again shortly.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || unavailableStates.has(code) || socketCodes.has(code))) return true;
  if (driverMessages.some((text) => error.message.includes(text))) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause);
}

/**
 * True when PostgreSQL rolled this transaction back whole to resolve a conflict with another:
 * the victim of a deadlock (40P01), or a repeatable-read transaction that would have overwritten
 * a newer row (40001). Running it again is safe and expected to succeed.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code === '40P01' || code === '40001') return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isTransactionConflict(cause);
}

/** The AppError every edge turns into 503 + Retry-After (HTTP) or a polite "busy" (chat). */
export function databaseUnavailable(error: unknown): AppError {
  const unavailable = new AppError('unavailable', 'The database is busy or restarting; try again shortly', { retryAfterSeconds: databaseRetryAfterSeconds });
  // For the logs only; clients see the code and when to come back.
  Object.defineProperty(unavailable, 'cause', { value: error, enumerable: false });
  return unavailable;
}
