import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, isAppError, type ErrorKind } from '../../core/shared/errors.ts';
import { databaseUnavailable, isDatabaseUnavailable } from '../../core/shared/database-errors.ts';

/** The one place where an error kind becomes an HTTP status. */
const statusByKind: Record<ErrorKind, number> = {
  malformed: 400,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
  rate_limited: 429,
  unavailable: 503,
};

export function httpStatusOf(error: AppError): number {
  return error.code === 'payload_too_large' ? 413 : statusByKind[error.kind];
}

/** Writes the JSON error shape of ARCHITECTURE.md. */
export function sendError(res: Response, error: AppError): void {
  const body: { error: { code: string; message: string; details?: Record<string, unknown> } } = {
    error: { code: error.code, message: error.message },
  };
  if (error.details) body.error.details = error.details;
  if (error.kind === 'unavailable' || error.kind === 'rate_limited') {
    // An outage is not the client's fault, and a limit passes: tell them when to try again.
    const seconds = Number(error.details?.retryAfterSeconds ?? 2);
    res.setHeader('Retry-After', String(Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 2));
  }
  res.status(httpStatusOf(error)).json(body);
}

/** Errors raised by express's body parser, translated to AppErrors (never a 500 for bad input). */
function fromBodyParser(error: { type?: string; status?: number; limit?: number }): AppError | undefined {
  if (error.type === 'entity.parse.failed') return new AppError('invalid_input', 'Request body is not valid JSON');
  if (error.type === 'entity.too.large') {
    return new AppError('payload_too_large', 'Request body is too large', { limitBytes: error.limit });
  }
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return new AppError('invalid_input', 'Unsupported request body encoding');
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return new AppError('invalid_input', 'Malformed request');
  }
  return undefined;
}

/**
 * Last middleware: AppErrors keep their code; a database outage that reached here without the
 * unit of work is a 503 too; anything else is logged and becomes a generic 500.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const appError = isAppError(error) ? error : isDatabaseUnavailable(error) ? databaseUnavailable(error) : fromBodyParser(error as { type?: string; status?: number });
  if (appError) {
    if (appError.kind === 'unavailable') req.log.warn({ err: (appError as { cause?: unknown }).cause ?? appError }, 'dependency unavailable; answered 503');
    sendError(res, appError);
    return;
  }
  req.log.error({ err: error }, 'unhandled error');
  if (res.headersSent) return;
  res.status(500).json({ error: { code: 'internal_error', message: 'Something went wrong on our side' } });
};

/** Catch-all for unknown routes, in the same JSON shape. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendError(res, new AppError('not_found', `No route for ${req.method} ${req.path}`));
};
