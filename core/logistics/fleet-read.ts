import type { EntityManager } from '@mikro-orm/postgresql';
import type { StopStatus } from './fleet.entity.ts';

/** A parcel of the own fleet as planning and the driver see it. */
export interface FleetParcel {
  shipmentId: number;
  trackingNumber: string;
  orderNumber: string;
  customerId: number;
  customer: string;
  phone: string | null;
  address: string;
  latitude: number | null;
  longitude: number | null;
  weightGrams: number;
  items: string;
  codMinor: number | null;
  currency: string;
  warehouseId: number;
  /** The own-fleet carrier's code (its events go through the carrier-event path). */
  carrier: string;
}

const parcelColumns = `s.id as shipment_id, s.tracking_number, o.number as order_number, o.customer_id, o.contact->>'name' as customer, o.contact->>'phone' as phone,
  concat_ws(', ', o.shipping_address->>'line1', o.shipping_address->>'city') as address,
  (o.shipping_address->>'latitude')::float8 as latitude, (o.shipping_address->>'longitude')::float8 as longitude, s.weight_grams, s.cod_minor, s.currency,
  coalesce(s.warehouse_id, (select w.id from warehouse w where w.is_default limit 1)) as warehouse_id,
  (select string_agg(l.name || ' ×' || l.quantity, ', ' order by l.id) from order_line l where l.order_id = o.id and l.stocked) as items,
  (select c.code from carrier_service cs join carrier c on c.id = cs.carrier_id where cs.id = s.service_id) as carrier`;

type ParcelRow = Record<string, string | number | null>;

const toParcel = (row: ParcelRow): FleetParcel => ({
  shipmentId: Number(row.shipment_id), trackingNumber: String(row.tracking_number), orderNumber: String(row.order_number), customerId: Number(row.customer_id),
  customer: String(row.customer ?? ''), phone: row.phone === null ? null : String(row.phone), address: String(row.address ?? ''),
  latitude: row.latitude === null ? null : Number(row.latitude), longitude: row.longitude === null ? null : Number(row.longitude),
  weightGrams: Number(row.weight_grams), items: String(row.items ?? ''), codMinor: row.cod_minor === null ? null : Number(row.cod_minor), currency: String(row.currency),
  warehouseId: Number(row.warehouse_id), carrier: String(row.carrier),
});

/** Own-fleet parcels still to deliver and on no route now (new ones, and ones a failed attempt left for another day). */
export async function unroutedParcels(em: EntityManager): Promise<FleetParcel[]> {
  const rows = await em.execute<ParcelRow[]>(
    `select ${parcelColumns} from shipment s join carrier_service cs on cs.id = s.service_id join carrier c on c.id = cs.carrier_id join "order" o on o.id = s.order_id
      where c.own_fleet and s.status in ('label_created', 'in_transit', 'out_for_delivery')
        and not exists (select 1 from route_stop rs where rs.shipment_id = s.id and rs.status in ('pending', 'arrived'))
      order by s.id`);
  return rows.map(toParcel);
}

/** A stop of a route with its parcel. */
export interface FleetStop extends FleetParcel {
  id: number;
  sequence: number;
  status: StopStatus;
  reason: string | null;
}

/** A vehicle's route of the day with its stops in order. */
export interface FleetRoute {
  id: number;
  date: string;
  vehicle: string;
  vehicleId: number;
  capacityGrams: number;
  /** Length of the vehicle's working day, minutes. */
  shiftMinutes: number;
  warehouseId: number;
  driver: string | null;
  driverChat: string | null;
  driverLocale: string | null;
  version: number;
  distanceKm: number;
  stops: FleetStop[];
}

/** The day's routes (all, or the ones named), each with its stops in visiting order: two statements. */
export async function routesOf(em: EntityManager, date: string, ids?: number[]): Promise<FleetRoute[]> {
  const routes = await em.execute<ParcelRow[]>(
    `select r.id, to_char(r.date, 'YYYY-MM-DD') as date, v.code as vehicle, v.id as vehicle_id, v.capacity_grams, v.shift_end_minute - v.shift_start_minute as shift_minutes, v.warehouse_id, m.name as driver, m.telegram_chat_id, m.locale as driver_locale, r.version, r.distance_km
       from delivery_route r join vehicle v on v.id = r.vehicle_id left join staff_member m on m.id = r.driver_id
      where r.date = ?::date ${ids ? 'and r.id in (?)' : ''} order by v.code`, ids ? [date, ids] : [date]);
  if (routes.length === 0) return [];
  const stops = await em.execute<ParcelRow[]>(
    `select rs.id, rs.route_id, rs.sequence, rs.status, rs.reason, ${parcelColumns}
       from route_stop rs join shipment s on s.id = rs.shipment_id join "order" o on o.id = s.order_id
      where rs.route_id in (?) order by rs.route_id, rs.sequence`, [routes.map((route) => route.id)]);
  return routes.map((route) => ({
    id: Number(route.id), date: String(route.date), vehicle: String(route.vehicle), vehicleId: Number(route.vehicle_id), capacityGrams: Number(route.capacity_grams), shiftMinutes: Number(route.shift_minutes),
    warehouseId: Number(route.warehouse_id), driver: route.driver === null ? null : String(route.driver), driverChat: route.telegram_chat_id === null ? null : String(route.telegram_chat_id),
    driverLocale: route.driver_locale === null ? null : String(route.driver_locale),
    version: Number(route.version), distanceKm: Number(route.distance_km),
    stops: stops.filter((stop) => Number(stop.route_id) === Number(route.id)).map((stop) => ({
      ...toParcel(stop), id: Number(stop.id), sequence: Number(stop.sequence), status: String(stop.status) as StopStatus, reason: stop.reason === null ? null : String(stop.reason),
    })),
  }));
}
