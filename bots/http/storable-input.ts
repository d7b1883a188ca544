import type { RequestHandler } from 'express';
import { AppError } from '../../core/shared/errors.ts';
import { unstorableTextAt } from '../../core/shared/text.ts';

/**
 * Every text of a request body and query string must be storable (no NUL, no unpaired
 * surrogate): otherwise 400 naming the field, before the route or the database sees it. For
 * routes whose clients write the text (REST API, web chat, pick-list pages); a chat platform's
 * webhook is not refused, the conversation engine cleans what it delivered.
 */
export const storableInput: RequestHandler = (req, _res, next) => {
  for (const [where, value] of [['body', req.body], ['query', req.query]] as const) {
    const path = unstorableTextAt(value);
    if (path) throw new AppError('invalid_input', 'Text may not contain NUL characters or unpaired surrogates', { issues: [{ path: [where, ...path], message: 'not storable text' }] });
  }
  next();
};
