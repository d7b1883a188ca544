import type { ServiceContext } from '../shared/service-context.ts';
import { authorize } from '../shared/authorization.ts';
import { customerIdOf, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { publish } from '../shared/outbox.ts';
import { markHandled } from '../shared/handled-once.ts';
import { endOfLocalDay, localDate, shiftDate, startOfLocalDay } from '../shared/calendar.ts';
import { resolveCustomer, type CustomerContact } from '../customers/index.ts';
import { Booking, ServiceDefinition } from './booking.entity.ts';
import { addException, createResource, defineService, type ResourceInput, type ServiceInput } from './resources.ts';
import { acknowledgeBooking, cancelBooking, confirmBooking, lockBooking, rescheduleBooking } from './booking.service.ts';
import { holdSlot } from './booking-hold.ts';
import { expireHolds, findSlots } from './booking-time.ts';
import { bookingView, type BookingView } from './booking.view.ts';
import { approveBooking, checkIn, completeBooking, declineBooking, markNoShow } from './booking-desk.ts';
import type { Slot } from './slots.ts';
import type { BookingOrders } from '../orders/index.ts';

/** Who a booking is for: a customer acting themselves, or one named by staff or an API client. */
export interface BookingFor {
  customer?: { externalId: string; name: string; phone?: string | undefined; locale?: 'en' | 'zh-CN' | undefined } | undefined;
  channel: string;
}

/** Bookable services: their rules, resources and hours, slot search, and bookings from hold to cancel. */
export interface BookingService {
  defineService(input: ServiceInput, actor: Actor): Promise<{ sku: string }>;
  /** Services a customer can book (someone gives them), with length and price. */
  listServices(actor: Actor): Promise<BookableServiceView[]>;
  /** Free slots by the service's id (chat buttons carry ids, not SKUs). */
  slotsById(serviceId: number, from: string, to: string, actor: Actor): Promise<{ service: BookableServiceView; slots: Slot[] }>;
  createResource(input: ResourceInput, actor: Actor): Promise<{ code: string }>;
  /** Time off or special hours; refused (422, listing them) when active bookings would fall outside. */
  addException(code: string, input: { date: string; kind: 'open' | 'closed'; start?: string | undefined; end?: string | undefined; reason?: string | undefined }, actor: Actor): Promise<void>;
  /** Free slots from `from` (default today) to `to` (default a week on), local dates, at most 31 days. */
  slots(sku: string, from: string | undefined, to: string | undefined, resource: string | undefined, actor: Actor): Promise<Slot[]>;
  hold(input: { sku: string; start: Date; resource?: string | undefined; resourceId?: number | undefined } & BookingFor, actor: Actor): Promise<BookingView>;
  confirm(number: string, actor: Actor): Promise<BookingView>;
  cancel(number: string, actor: Actor, reason?: string): Promise<BookingView>;
  /** To another start (and, given `resource`, another resource that gives the service), keeping the number. */
  reschedule(number: string, start: Date, version: number, actor: Actor, reason?: string, resource?: string): Promise<BookingView>;
  get(number: string, actor: Actor): Promise<BookingView>;
  /** The customer says they will come (a reminder's button, of the booking's `version`). */
  acknowledge(number: string, version: number, actor: Actor): Promise<BookingView>;
  /** The customer's own bookings (or any customer's, for staff, by id), latest start first. */
  list(actor: Actor, customerId?: number): Promise<BookingView[]>;
  /** The day's bookings (a business date), per resource then start: what the desk works through. */
  schedule(date: string, resource: string | undefined, actor: Actor): Promise<BookingView[]>;
  /** Staff confirm a booking that waited for them. */
  approve(number: string, actor: Actor): Promise<BookingView>;
  /** Staff turn down a booking that waited for them (409 once it was decided). */
  decline(number: string, reason: string, actor: Actor): Promise<BookingView>;
  checkIn(number: string, actor: Actor): Promise<BookingView>;
  /** Done; consumables used leave stock (`actual` by SKU, the plan for the rest). */
  complete(number: string, actual: ReadonlyMap<string, number>, actor: Actor): Promise<BookingView & { consumed: Record<string, number> }>;
  /** After the grace period: the customer did not come. */
  markNoShow(number: string, actor: Actor): Promise<BookingView>;
  /**
   * A reminder falls due: sent (as `booking.reminder`) only if the booking is still confirmed at
   * `version` (a cancelled or moved booking's old reminders do nothing), once per version and offset.
   */
  remind(number: string, version: number, hoursBefore: number): Promise<boolean>;
  /** Holds that ran out stop taking time (the every-minute sweep). */
  expireHolds(): Promise<number>;
}

export interface BookableServiceView {
  id: number;
  sku: string;
  name: string;
  nameZh: string | null;
  durationMinutes: number;
  priceMinor: number;
  currency: string;
  cancelNoticeMinutes: number;
}

const serviceView = (service: ServiceDefinition): BookableServiceView => ({
  id: service.id, sku: service.product.sku, name: service.product.name, nameZh: service.product.nameZh ?? null, durationMinutes: service.durationMinutes,
  priceMinor: service.product.priceMinor, currency: service.product.currency, cancelNoticeMinutes: service.cancelNoticeMinutes,
});

export function createBookingService({ uow, clock, config }: ServiceContext, orders: BookingOrders): BookingService {
  return {
    defineService: async (input, actor) => {
      authorize(actor, 'booking.admin');
      return uow.write(async (tx) => ({ sku: (await defineService(tx, input)).product.sku }));
    },
    createResource: async (input, actor) => {
      authorize(actor, 'booking.admin');
      return uow.write(async (tx) => ({ code: (await createResource(tx, input)).code }));
    },
    addException: async (code, input, actor) => {
      authorize(actor, 'booking.admin');
      return uow.write((tx) => addException(tx, code, input, clock.now()));
    },
    listServices: async (actor) => {
      authorize(actor, 'booking.place');
      return uow.read(async (em) => {
        const services = await em.find(ServiceDefinition, { product: { active: true } }, { populate: ['product'], orderBy: { id: 'asc' } });
        const given = await em.execute<Array<{ id: number }>>('select distinct rs.service_definition_id as id from resource_service rs join bookable_resource r on r.id = rs.bookable_resource_id where r.active');
        return services.filter((service) => given.some((row) => row.id === service.id)).map(serviceView);
      });
    },
    slotsById: async (serviceId, from, to, actor) => {
      authorize(actor, 'booking.place');
      return uow.read(async (em) => {
        const service = await em.findOne(ServiceDefinition, { id: serviceId }, { populate: ['product'] });
        if (!service) throw new AppError('not_found', `No service ${serviceId}`, { serviceId });
        return { service: serviceView(service), slots: await findSlots(em, service.product.sku, from, to, clock.now()) };
      });
    },
    slots: async (sku, from, to, resource, actor) => {
      authorize(actor, 'booking.place');
      const first = from ?? localDate(clock.now(), config.REPORT_TIMEZONE);
      const last = to ?? shiftDate(first, 6);
      if (last < first || last > shiftDate(first, 31)) throw new AppError('invalid_input', 'Ask for slots over 1 to 31 days, `to` not before `from`', { from: first, to: last });
      return uow.read((em) => findSlots(em, sku, first, last, clock.now(), resource));
    },
    hold: async (input, actor) => {
      authorize(actor, 'booking.place');
      return uow.write(async (tx) => {
        let customerId = customerIdOf(actor);
        if (customerId === null) {
          if (!input.customer) throw new AppError('invalid_input', 'Say who the booking is for (customer.externalId and name)', {});
          const contact: CustomerContact = { name: input.customer.name, phone: input.customer.phone, locale: input.customer.locale };
          customerId = (await resolveCustomer(tx, 'api', input.customer.externalId, contact)).id;
        }
        return holdSlot(tx, { sku: input.sku, start: input.start, resource: input.resource, resourceId: input.resourceId, customerId, channel: input.channel }, actor, clock.now());
      });
    },
    confirm: async (number, actor) => {
      authorize(actor, 'booking.place');
      return uow.write((tx) => confirmBooking(tx, number, actor, clock.now(), orders));
    },
    cancel: async (number, actor, reason) => {
      authorize(actor, 'booking.place');
      return uow.write((tx) => cancelBooking(tx, number, actor, clock.now(), orders, reason));
    },
    reschedule: async (number, start, version, actor, reason, resource) => {
      authorize(actor, 'booking.place');
      return uow.write((tx) => rescheduleBooking(tx, number, start, version, actor, clock.now(), reason, resource));
    },
    acknowledge: async (number, version, actor) => {
      authorize(actor, 'booking.place');
      return uow.write((tx) => acknowledgeBooking(tx, number, version, actor, clock.now()));
    },
    get: async (number, actor) => {
      authorize(actor, 'booking.place');
      return uow.write(async (tx) => bookingView(tx, await lockBooking(tx, number, actor)));
    },
    list: async (actor, customerId) => {
      authorize(actor, 'booking.place');
      const owner = customerIdOf(actor) ?? customerId;
      return uow.read(async (em) => {
        const rows = await em.find(Booking, owner === undefined ? {} : { customer: owner }, { populate: ['service.product', 'resource', 'order'], orderBy: { startAt: 'desc' }, limit: 50 });
        return Promise.all(rows.map((booking) => bookingView(em, booking)));
      });
    },
    schedule: async (date, resource, actor) => {
      authorize(actor, 'booking.desk');
      return uow.read(async (em) => {
        const rows = await em.find(Booking, {
          startAt: { $gte: startOfLocalDay(date, config.REPORT_TIMEZONE), $lte: endOfLocalDay(date, config.REPORT_TIMEZONE) },
          status: { $in: ['pending_confirmation', 'confirmed', 'checked_in', 'completed', 'no_show'] },
          ...(resource && { resource: { code: resource } }),
        }, { populate: ['service.product', 'resource', 'order'], orderBy: [{ resource: { code: 'asc' } }, { startAt: 'asc' }], limit: 100 });
        return Promise.all(rows.map((booking) => bookingView(em, booking)));
      });
    },
    approve: async (number, actor) => {
      authorize(actor, 'booking.desk');
      return uow.write((tx) => approveBooking(tx, number, actor, orders));
    },
    decline: async (number, reason, actor) => {
      authorize(actor, 'booking.desk');
      return uow.write((tx) => declineBooking(tx, number, reason, actor));
    },
    checkIn: async (number, actor) => {
      authorize(actor, 'booking.desk');
      return uow.write((tx) => checkIn(tx, number, actor));
    },
    complete: async (number, actual, actor) => {
      authorize(actor, 'booking.desk');
      return uow.write((tx) => completeBooking(tx, number, actual, actor, orders));
    },
    markNoShow: async (number, actor) => {
      authorize(actor, 'booking.desk');
      return uow.write((tx) => markNoShow(tx, number, actor, clock.now(), orders));
    },
    remind: (number, version, hoursBefore) => uow.write(async (tx) => {
      const [booking] = await tx.execute<Array<{ customer_id: number; start_at: Date }>>(
        `select customer_id, start_at from booking where number = ? and version = ? and status = 'confirmed' and start_at > ? for update`, [number, version, clock.now()]);
      if (!booking || !(await markHandled(tx, 'booking', `${number}:${version}:${hoursBefore}`))) return false;
      publish(tx, 'booking.reminder', { type: 'booking', id: number }, { customerId: booking.customer_id, version, startAt: new Date(booking.start_at).toISOString(), hoursBefore });
      await tx.flush();
      return true;
    }),
    expireHolds: () => uow.write((tx) => expireHolds(tx, clock.now())),
  };
}
