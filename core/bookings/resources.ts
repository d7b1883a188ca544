import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { isTimeZone } from '../shared/calendar.ts';
import { Product } from '../catalog/index.ts';
import { AvailabilityException, BookableResource, ServiceConsumable, ServiceDefinition, WorkingHours } from './booking.entity.ts';
import { slotRefusal, type ResourceCalendar, type SlotRules } from './slots.ts';

export interface ServiceInput {
  sku: string;
  durationMinutes: number;
  bufferBeforeMinutes?: number | undefined;
  bufferAfterMinutes?: number | undefined;
  slotIntervalMinutes?: number | undefined;
  minNoticeMinutes?: number | undefined;
  maxAdvanceDays?: number | undefined;
  cancelNoticeMinutes?: number | undefined;
  rescheduleNoticeMinutes?: number | undefined;
  noShowGraceMinutes?: number | undefined;
  noShowLimit?: number | undefined;
  consumableShortage?: 'block' | 'allow' | undefined;
  requiresConfirmation?: boolean | undefined;
  /** What one booking uses up (replaces the list when given). */
  consumables?: Array<{ sku: string; quantity: number }> | undefined;
}

/** Working hours as given: weekday 0 (Sunday) to 6, wall-clock `HH:MM` at the resource. */
export interface HoursInput {
  weekday: number;
  start: string;
  end: string;
}

export interface ResourceInput {
  code: string;
  name: string;
  kind?: 'staff' | 'room' | 'equipment' | undefined;
  timeZone: string;
  services: string[];
  hours: HoursInput[];
}

export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Makes a service product bookable, or changes how (one definition per product): from now on it is sold by booking it, not from stock. */
export async function defineService(tx: EntityManager, input: ServiceInput): Promise<ServiceDefinition> {
  const product = await tx.findOne(Product, { sku: input.sku });
  if (!product) throw new AppError('not_found', `No product ${input.sku}`, { sku: input.sku });
  if (product.kind !== 'service') throw new AppError('rule_violation', `${input.sku} is not a service: only services are booked`, { sku: input.sku });
  const { sku: _sku, consumables, ...rules } = input;
  product.replenishment = 'booking';
  const defined = (await tx.findOne(ServiceDefinition, { product })) ?? tx.create(ServiceDefinition, { product, durationMinutes: input.durationMinutes });
  tx.assign(defined, Object.fromEntries(Object.entries(rules).filter(([, value]) => value !== undefined)));
  await tx.flush();
  if (consumables) {
    const products = await tx.find(Product, { sku: { $in: consumables.map((line) => line.sku) } });
    const missing = consumables.filter((line) => !products.some((each) => each.sku === line.sku)).map((line) => line.sku);
    if (missing.length > 0) throw new AppError('not_found', `No product ${missing.join(', ')}`, { skus: missing });
    await tx.nativeDelete(ServiceConsumable, { service: defined });
    for (const line of consumables) tx.create(ServiceConsumable, { service: defined, product: products.find((each) => each.sku === line.sku)!, quantity: line.quantity });
    await tx.flush();
  }
  return defined;
}

export async function findService(em: EntityManager, sku: string): Promise<ServiceDefinition> {
  const service = await em.findOne(ServiceDefinition, { product: { sku } }, { populate: ['product'] });
  if (!service) throw new AppError('not_found', `${sku} is not a bookable service`, { sku });
  return service;
}

export async function findResource(em: EntityManager, code: string): Promise<BookableResource> {
  const resource = await em.findOne(BookableResource, { code }, { populate: ['services'] });
  if (!resource) throw new AppError('not_found', `No resource ${code}`, { resource: code });
  return resource;
}

/** An active resource that gives the service (unknown: 404; one that does not give it: 422 `rule_violation`). */
export async function givingResource(em: EntityManager, service: ServiceDefinition, code: string): Promise<BookableResource> {
  const resource = await findResource(em, code);
  if (!resource.active || !resource.services.getItems().some((each) => each.id === service.id)) {
    throw new AppError('rule_violation', `${code} does not give ${service.product.sku}`, { resource: code });
  }
  return resource;
}

function checkedHours(hours: HoursInput[]): Array<{ weekday: number; startMinute: number; endMinute: number }> {
  const rows = hours.map((row) => ({ weekday: row.weekday, startMinute: minutesOf(row.start), endMinute: row.end === '24:00' ? 1440 : minutesOf(row.end) }));
  const bad = rows.find((row) => row.startMinute >= row.endMinute);
  if (bad) throw new AppError('invalid_input', 'Each working interval must end after it starts', { weekday: bad.weekday });
  return rows;
}

/** A resource with its time zone (IANA, validated), the services it gives and its week. */
export async function createResource(tx: EntityManager, input: ResourceInput): Promise<BookableResource> {
  if (!isTimeZone(input.timeZone)) throw new AppError('invalid_input', `Unknown time zone ${input.timeZone}: use an IANA name such as Asia/Shanghai`, { timeZone: input.timeZone });
  if (await tx.findOne(BookableResource, { code: input.code })) throw new AppError('already_exists', `Resource ${input.code} exists`, { resource: input.code });
  const services = await Promise.all(input.services.map((sku) => findService(tx, sku)));
  const resource = tx.create(BookableResource, { code: input.code, name: input.name, kind: input.kind ?? 'staff', timeZone: input.timeZone, active: true });
  resource.services.set(services);
  for (const row of checkedHours(input.hours)) tx.create(WorkingHours, { resource, ...row });
  await tx.flush();
  return resource;
}

/** The resource's calendar as slot search reads it. */
export async function calendarOf(em: EntityManager, resource: BookableResource): Promise<ResourceCalendar> {
  const hours = await em.find(WorkingHours, { resource });
  const exceptions = await em.find(AvailabilityException, { resource });
  return {
    resourceId: resource.id, timeZone: resource.timeZone,
    hours: hours.map((row) => ({ weekday: row.weekday, start: row.startMinute, end: row.endMinute })),
    exceptions: exceptions.map((row) => ({ date: String(row.localDate).slice(0, 10), kind: row.kind, start: row.startMinute ?? null, end: row.endMinute ?? null })),
  };
}

export const rulesOf = (service: ServiceDefinition): SlotRules => ({
  durationMinutes: service.durationMinutes, bufferBeforeMinutes: service.bufferBeforeMinutes, bufferAfterMinutes: service.bufferAfterMinutes,
  slotIntervalMinutes: service.slotIntervalMinutes, minNoticeMinutes: service.minNoticeMinutes, maxAdvanceDays: service.maxAdvanceDays,
});

/**
 * Time off (all day without times) or special hours on a date. Refused when an active booking
 * would then fall outside the resource's hours (422, the bookings in `details.bookings`): staff
 * move or cancel them first.
 */
export async function addException(tx: EntityManager, code: string, input: { date: string; kind: 'open' | 'closed'; start?: string | undefined; end?: string | undefined; reason?: string | undefined }, now: Date): Promise<void> {
  const resource = await findResource(tx, code);
  await tx.execute('select id from bookable_resource where id = ? for update', [resource.id]);
  const start = input.start ? minutesOf(input.start) : null;
  const end = input.end ? (input.end === '24:00' ? 1440 : minutesOf(input.end)) : null;
  if ((start === null) !== (end === null) || (start !== null && end! <= start) || (input.kind === 'open' && start === null)) {
    throw new AppError('invalid_input', 'Give both a start and an end (the end after the start), or neither for a whole day off', {});
  }
  tx.create(AvailabilityException, { resource, localDate: input.date, kind: input.kind, startMinute: start, endMinute: end, reason: input.reason ?? null });
  await tx.flush();
  const calendar = await calendarOf(tx, resource);
  const active = await tx.execute<Array<{ number: string; start_at: Date; service_id: number }>>(
    `select b.number, b.start_at, b.service_id from booking b where b.resource_id = ? and b.status in ('held', 'pending_confirmation', 'confirmed', 'checked_in') and b.end_at > ? order by b.start_at`,
    [resource.id, now],
  );
  const services = new Map((await tx.find(ServiceDefinition, { id: { $in: [...new Set(active.map((row) => row.service_id))] } })).map((service) => [service.id, service]));
  const affected = active.filter((row) => slotRefusal({ ...rulesOf(services.get(row.service_id)!), minNoticeMinutes: -1e9, maxAdvanceDays: 1e6 }, calendar, new Date(row.start_at), now) !== null);
  if (affected.length > 0) {
    throw new AppError('rule_violation', `${code} has bookings then: ${affected.map((row) => row.number).join(', ')}; move or cancel them first`, { bookings: affected.map((row) => row.number) });
  }
}
