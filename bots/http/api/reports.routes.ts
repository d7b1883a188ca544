import { Router } from 'express';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { dailyReport, localDate, shiftDate } from '../../../core/analytics/index.ts';
import type { Clock } from '../../../core/shared/clock.ts';
import { parseInput } from './validate.ts';

const query = z.object({ date: z.iso.date().optional() }).strict();

/** `GET /reports/daily?date=YYYY-MM-DD`: the daily digest's figures as JSON (default yesterday). */
export function reportRoutes(orm: MikroORM, timeZone: string, clock: Clock): Router {
  const router = Router();
  router.get('/reports/daily', async (req, res) => {
    const { date } = parseInput(query, req.query, 'query');
    res.json(await dailyReport(orm.em.fork(), date ?? shiftDate(localDate(clock.now(), timeZone), -1), timeZone));
  });
  return router;
}
