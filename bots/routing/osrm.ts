import type { DistanceSource } from '../../core/logistics/index.ts';

/**
 * OSRM's table service as the own fleet's distance source: one request for the whole matrix
 * (`/table/v1/driving/{lng,lat;…}?annotations=distance`), metres turned into kilometres. Not
 * needed to run: without `OSRM_URL`, or when it does not answer in `timeoutMs`, planning uses
 * straight lines.
 */
export function createRoutingSource(config: { OSRM_URL?: string | undefined }, timeoutMs = 5000): DistanceSource | null {
  if (!config.OSRM_URL) return null;
  const base = config.OSRM_URL.replace(/\/+$/, '');
  return {
    name: 'osrm',
    matrix: async (points) => {
      const coordinates = points.map((point) => `${point.lng.toFixed(6)},${point.lat.toFixed(6)}`).join(';');
      const response = await fetch(`${base}/table/v1/driving/${coordinates}?annotations=distance`, { signal: AbortSignal.timeout(timeoutMs) });
      const body = await response.json() as { code?: string; distances?: Array<Array<number | null>> };
      if (!response.ok || body.code !== 'Ok' || !body.distances) throw new Error(`OSRM answered ${response.status} ${body.code ?? ''}`);
      // A pair OSRM cannot route between (null) makes the answer unusable: planning falls back to straight lines.
      return body.distances.map((row) => row.map((metres) => (metres === null ? Number.NaN : metres / 1000)));
    },
  };
}
