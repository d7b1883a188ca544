import { z } from 'zod';

/** Kinds of setting the configuration is made of: each checks its variable's form at start-up. */

/** Postgres connection URL; the scheme is checked so a typo fails at start-up, not at first query. */
export const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: 'must be a postgres:// URL such as postgres://postgres@127.0.0.1:5432/orderchat',
  });

export const redisUrl = z
  .string()
  .refine((value) => /^rediss?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: 'must be a redis:// URL such as redis://127.0.0.1:6379',
  });

export const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Messages per second a platform accepts; 0 switches the limit off (benchmarks). */
export const sendRate = (fallback: number) => z.coerce.number().min(0).max(10_000).default(fallback);

export const timeZone = z.string().refine(
  (zone) => {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone.length > 0;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Asia/Shanghai' },
);
