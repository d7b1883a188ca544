import { Router } from 'express';
import { z } from 'zod';
import { businessDate } from './dates.ts';
import type { AnalyticsService } from '../../../core/analytics/index.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';

const query = z.object({ date: businessDate.optional() }).strict();

/** `GET /reports/daily?date=YYYY-MM-DD`: the daily digest's figures as JSON (default yesterday). */
export function reportRoutes(analytics: AnalyticsService): Router {
  const router = Router();
  router.get('/reports/daily', async (req, res) => {
    const { date } = parseInput(query, req.query, 'query');
    res.json(await analytics.dailyReport(date, callerOf(res).actor));
  });
  return router;
}
