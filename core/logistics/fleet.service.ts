import type { ServiceContext } from '../shared/service-context.ts';
import type { Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import { AppError } from '../shared/errors.ts';
import { localDate } from '../shared/calendar.ts';
import { findWarehouse } from '../inventory/index.ts';
import { StaffMember } from '../staff/index.ts';
import { FleetVehicle } from './fleet.entity.ts';
import { planFleetDay, type FleetPlan } from './fleet-plan.ts';
import { straightLines, type DistanceSource } from './distance.port.ts';
import { routesOf, type FleetRoute } from './fleet-read.ts';
import { moveStop } from './fleet-move.ts';
import { recordStop, stopOf, type FailureReason, type RecordedStop, type StopAction } from './fleet-stops.ts';

export interface VehicleInput {
  code: string;
  name: string;
  capacityGrams: number;
  /** The depot it loads at (default: the default warehouse). */
  warehouse?: string | undefined;
  /** The driver: a staff member with the `driver` role and a Telegram chat, by Slack user id. */
  driver?: string | undefined;
  /** Working hours, wall clock `HH:MM` (default 09:00–18:00): each route fits in them. */
  shift?: { start: string; end: string } | undefined;
}

/** The own fleet: vans and drivers, each day's routes, and what drivers record at each stop. */
export interface FleetService {
  saveVehicle(input: VehicleInput, actor: Actor): Promise<{ code: string }>;
  /** Plans the day (default: today): the first run plans every open parcel, later runs insert new ones. */
  planDay(date: string | undefined, actor: Actor): Promise<FleetPlan>;
  routes(date: string | undefined, actor: Actor): Promise<FleetRoute[]>;
  /** A dispatcher moves a stop still to do to another vehicle (audited; both drivers get their new list). */
  moveStop(stopId: number, vehicleCode: string, actor: Actor): Promise<{ from: string; to: string; orderNumber: string }>;
  /** A stop's place on its route and its order, for the route's driver only (anyone else: 403). */
  stopOf(stopId: number, driverChat: string): Promise<{ n: number; number: string }>;
  /** A driver's button in Telegram (the chat says who they are). */
  recordStop(stopId: number, action: StopAction, driverChat: string, reason?: FailureReason): Promise<RecordedStop>;
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export function createFleetService({ uow, clock, config }: ServiceContext, distances: DistanceSource = straightLines): FleetService {
  const today = () => localDate(clock.now(), config.REPORT_TIMEZONE);
  const pace = { speedKmh: config.FLEET_SPEED_KMH, stopMinutes: config.FLEET_STOP_MINUTES };
  return {
    saveVehicle: async (input, actor) => {
      authorize(actor, 'carrier.admin');
      return uow.write(async (tx) => {
        const warehouse = await findWarehouse(tx, input.warehouse);
        const driver = input.driver ? await tx.findOne(StaffMember, { slackUserId: input.driver, active: true }) : null;
        if (input.driver && (!driver || driver.role !== 'driver' || !driver.telegramChatId)) {
          throw new AppError('rule_violation', `${input.driver} is not an active driver with a Telegram chat (staff add --role driver --telegram CHAT_ID)`, { driver: input.driver });
        }
        const vehicle = (await tx.findOne(FleetVehicle, { code: input.code })) ?? tx.create(FleetVehicle, { code: input.code, name: input.name, capacityGrams: input.capacityGrams, warehouse });
        const [start, end] = input.shift ? [minutes(input.shift.start), minutes(input.shift.end)] : [vehicle.shiftStartMinute ?? 540, vehicle.shiftEndMinute ?? 1080];
        if (end <= start) throw new AppError('invalid_input', 'A shift ends after it starts', { shift: input.shift });
        tx.assign(vehicle, { name: input.name, capacityGrams: input.capacityGrams, warehouse, driver, shiftStartMinute: start, shiftEndMinute: end, active: true });
        await tx.flush();
        return { code: vehicle.code };
      });
    },
    planDay: async (date, actor) => {
      authorize(actor, 'fleet.dispatch');
      return uow.write((tx) => planFleetDay(tx, date ?? today(), clock.now(), config.FLEET_PLAN_SECONDS * 1000, pace, distances));
    },
    routes: async (date, actor) => {
      authorize(actor, 'fleet.dispatch');
      return uow.read((em) => routesOf(em, date ?? today()));
    },
    moveStop: async (stopId, vehicleCode, actor) => {
      authorize(actor, 'fleet.dispatch');
      return uow.write((tx) => moveStop(tx, stopId, vehicleCode, actor, pace));
    },
    stopOf: (stopId, driverChat) => uow.read((em) => stopOf(em, stopId, driverChat)),
    recordStop: (stopId, action, driverChat, reason) => uow.write((tx) => recordStop(tx, stopId, action, driverChat, clock.now(), config.DELIVERY_ATTEMPTS, reason)),
  };
}
