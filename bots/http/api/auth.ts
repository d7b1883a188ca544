import type { RequestHandler, Response } from 'express';
import { AppError } from '../../../core/shared/errors.ts';
import type { Actor } from '../../../core/shared/actor.ts';
import type { StaffService } from '../../../core/staff/index.ts';

/** The authenticated caller of an API request, set by `apiKeyAuth`. */
export interface ApiCaller {
  apiKeyId: number;
  /** The key as core checks it: its id and scopes. */
  actor: Actor;
}

export function callerOf(res: Response): ApiCaller {
  return res.locals.caller as ApiCaller;
}

/** Requires `Authorization: Bearer <key>`; 401 without it or with an unknown or revoked key. */
export function apiKeyAuth(staff: StaffService): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('unauthenticated', 'Send an API key as "Authorization: Bearer <key>"');
    const actor = await staff.authenticateApiKey(match[1]!);
    if (!actor) throw new AppError('unauthenticated', 'The API key is not valid or was revoked');
    const caller: ApiCaller = { apiKeyId: actor.apiKeyId ?? Number(actor.id), actor };
    res.locals.caller = caller;
    next();
  };
}
