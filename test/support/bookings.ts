import { request } from './app.ts';

/**
 * Holds over the API, for customer `who`, the next free hour of resource `resource` (open around
 * the clock) three days ahead: each call a later hour, so holds of one test file never meet.
 */
export function hourlyHolds(url: string, headers: Record<string, string>, resource: string): (sku: string, who: string) => Promise<string> {
  let slot = 0;
  return async (sku, who) => {
    slot += 1;
    const start = new Date(Math.ceil(Date.now() / 1_800_000) * 1_800_000 + 3 * 86_400_000 + slot * 3_600_000).toISOString();
    const held = await request(`${url}/api/v1/bookings`, { method: 'POST', body: { sku, start, resource, customer: { externalId: who, name: 'Guest' } }, headers });
    if (held.status !== 201) throw new Error(JSON.stringify(held.body));
    return held.body.number;
  };
}
