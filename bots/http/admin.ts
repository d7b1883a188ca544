import { timingSafeEqual, createHash } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { AppError } from '../../core/shared/errors.ts';
import { sendError } from './errors.ts';

export const adminQueuesPath = '/admin/queues';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of two strings (hashed first, so lengths leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** HTTP basic auth against ADMIN_USER / ADMIN_PASSWORD; a browser shows its login prompt on 401. */
export function basicAuth(user: string, password: string): RequestHandler {
  return (req, res, next) => {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '');
    const [givenUser, ...rest] = match ? Buffer.from(match[1]!, 'base64').toString('utf8').split(':') : [];
    const givenPassword = rest.join(':');
    // Both comparisons always run, so timing does not reveal which half was wrong.
    const userOk = sameSecret(givenUser ?? '', user);
    const passwordOk = sameSecret(givenPassword, password);
    if (match && userOk && passwordOk) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="orderchat admin", charset="UTF-8"');
    sendError(res, new AppError('unauthenticated', 'Admin credentials required'));
  };
}

/** Bull Board for the given queues, behind basic auth. */
export function adminRouter(queues: Queue[], credentials: { user: string; password: string }): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(adminQueuesPath);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });
  const router = Router();
  router.use(basicAuth(credentials.user, credentials.password));
  router.use(serverAdapter.getRouter() as RequestHandler);
  return router;
}
