import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRecord } from '../shared/outbox.ts';
import { locales, type Locale } from '../customers/index.ts';
import { routesOf } from '../logistics/index.ts';
import { toStaff, type NotificationSettings, type PlannedNotification } from './notification-recipients.ts';

/**
 * A route planned or changed: its driver gets the whole list in their Telegram chat, in their
 * language, once per version (of two versions relayed together, only the newer is sent); the
 * ops channel gets its totals (stops, distance, load).
 */
export async function planFleetNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const planned = events.filter((event) => event.topic === 'route.planned');
  if (planned.length === 0) return [];
  const latest = new Map<number, OutboxRecord>();
  for (const event of planned) latest.set(Number(event.payload.routeId), event);
  const byDate = new Map<string, number[]>();
  for (const [routeId, event] of latest) byDate.set(String(event.payload.date), [...(byDate.get(String(event.payload.date)) ?? []), routeId]);
  const routes = (await Promise.all([...byDate].map(([date, ids]) => routesOf(em, date, ids)))).flat();
  return routes.flatMap((route): PlannedNotification[] => {
    const event = latest.get(route.id)!;
    const totals = toStaff(settings.channels.has('slack') ? settings.opsChannel : undefined, event.id, settings.staffLocale, {
      kind: 'staff_fleet_route', date: route.date, vehicle: route.vehicle, driver: route.driver, version: route.version, stops: route.stops.length,
      distanceKm: route.distanceKm, loadGrams: route.stops.reduce((sum, stop) => sum + stop.weightGrams, 0), capacityGrams: route.capacityGrams,
    });
    if (!route.driverChat || !settings.channels.has('telegram')) return totals;
    const locale = (locales as readonly string[]).includes(route.driverLocale ?? '') ? route.driverLocale as Locale : settings.staffLocale;
    return [...totals, {
      eventId: event.id, channel: 'telegram', recipient: route.driverChat, identityId: null, locale,
      notice: {
        kind: 'driver_route', date: route.date, vehicle: route.vehicle, version: route.version, distanceKm: route.distanceKm,
        stops: route.stops.map((stop) => ({
          id: stop.id, sequence: stop.sequence, status: stop.status, orderNumber: stop.orderNumber, customer: stop.customer, phone: stop.phone, address: stop.address,
          items: stop.items, codMinor: stop.codMinor, currency: stop.currency, latitude: stop.latitude, longitude: stop.longitude,
        })),
      },
    }];
  });
}
