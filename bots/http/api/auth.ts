import type { RequestHandler, Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AppError } from '../../../core/shared/errors.ts';
import type { Actor } from '../../../core/shared/actor.ts';
import { verifyApiKey } from '../../../core/staff/index.ts';

/** The authenticated caller of an API request, set by `apiKeyAuth`. */
export interface ApiCaller {
  apiKeyId: number;
  actor: Actor;
}

export function callerOf(res: Response): ApiCaller {
  return res.locals.caller as ApiCaller;
}

/** Requires `Authorization: Bearer <key>`; 401 without it or with an unknown or revoked key. */
export function apiKeyAuth(orm: MikroORM): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('unauthenticated', 'Send an API key as "Authorization: Bearer <key>"');
    const apiKey = await verifyApiKey(orm.em.fork(), match[1]!);
    if (!apiKey) throw new AppError('unauthenticated', 'The API key is not valid or was revoked');
    const caller: ApiCaller = { apiKeyId: apiKey.id, actor: { type: 'api_key', id: String(apiKey.id) } };
    res.locals.caller = caller;
    next();
  };
}
