import { distanceBetween } from './routing.ts';

/** A place on the map. */
export interface LatLng {
  lat: number;
  lng: number;
}

/**
 * Where road distances come from: a routing engine (OSRM) plugged in by the composition root,
 * else straight lines on the globe. `matrix` gives kilometres between every pair of points, in
 * the order given; it may throw (the engine is down): planning then falls back to straight lines.
 */
export interface DistanceSource {
  readonly name: string;
  matrix(points: readonly LatLng[]): Promise<number[][]>;
}

/** Great-circle kilometres (haversine): always available. */
export const straightLines: DistanceSource = {
  name: 'haversine',
  matrix: (points) => Promise.resolve(points.map((from) => points.map((to) => distanceBetween(from, to)))),
};

/** The source's matrix, or straight lines when it fails; says which was used. */
export async function roadDistances(source: DistanceSource, points: readonly LatLng[]): Promise<{ matrix: number[][]; source: string }> {
  if (source === straightLines) return { matrix: await straightLines.matrix(points), source: straightLines.name };
  try {
    const matrix = await source.matrix(points);
    if (matrix.length !== points.length || matrix.some((row) => row.length !== points.length || row.some((value) => !Number.isFinite(value) || value < 0))) {
      throw new Error(`${source.name} answered a matrix of the wrong shape`);
    }
    return { matrix, source: source.name };
  } catch {
    return { matrix: await straightLines.matrix(points), source: `${straightLines.name} (${source.name} unavailable)` };
  }
}
