import type { z } from 'zod';
import { AppError } from '../../../core/shared/errors.ts';

/** Parses input with a schema; a mismatch is a 400 `invalid_input` listing each problem by path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
  throw new AppError('invalid_input', `Invalid ${what}: ${issues.map((i) => `${i.path} ${i.message}`).slice(0, 3).join('; ')}`, { issues });
}
