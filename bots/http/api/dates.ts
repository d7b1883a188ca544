import { z } from 'zod';
import { isBusinessEra } from '../../../core/shared/calendar.ts';

const range = { message: 'must be between the years 1970 and 9999' };

/** `YYYY-MM-DD`, a real day between 1970 and 9999 (`0000-01-01` used to be a 500). */
export const businessDate = z.iso.date().refine(isBusinessEra, range);

/** An ISO date-time with offset, between 1970 and 9999. */
export const businessDateTime = z.iso.datetime({ offset: true }).refine(isBusinessEra, range);
