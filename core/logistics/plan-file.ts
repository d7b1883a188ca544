import { z } from 'zod';
import type { Location, PlanInput } from './routing.ts';

const planar = z.object({ x: z.number().finite(), y: z.number().finite() });
const geographic = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

/** The `routes plan --file` format: x/y or lat/lng places, optional demands, windows and capacities. */
export const planFileSchema = z.object({
  depot: z.union([planar.strict(), geographic.strict()]),
  stops: z.array(z.object({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    x: z.number().finite().optional(), y: z.number().finite().optional(),
    lat: z.number().min(-90).max(90).optional(), lng: z.number().min(-180).max(180).optional(),
    demand: z.number().min(0).optional(),
    window: z.tuple([z.number(), z.number()]).optional(),
  }).strict().refine((stop) => (stop.x !== undefined && stop.y !== undefined) !== (stop.lat !== undefined && stop.lng !== undefined), {
    message: 'each stop needs x and y, or lat and lng',
  })).max(5000),
  vehicles: z.array(z.object({ id: z.union([z.string().min(1), z.number()]).transform(String), capacity: z.number().positive().optional() }).strict()).min(1).max(1000),
}).strict();

/** Reads a plan file's JSON into the planner's input; throws a ZodError naming each problem. */
export function parsePlanFile(json: unknown): PlanInput {
  const file = planFileSchema.parse(json);
  return {
    depot: file.depot,
    stops: file.stops.map((stop) => ({
      id: stop.id,
      location: (stop.x !== undefined ? { x: stop.x, y: stop.y! } : { lat: stop.lat!, lng: stop.lng! }) as Location,
      demand: stop.demand,
      window: stop.window,
    })),
    vehicles: file.vehicles,
  };
}
