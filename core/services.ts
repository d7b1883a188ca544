import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './shared/config.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { UnitOfWork } from './shared/unit-of-work.ts';
import type { ServiceContext } from './shared/service-context.ts';
import { pingDatabase } from './shared/database.ts';
import { createCatalogService, type CatalogService } from './catalog/index.ts';
import { createManufacturingService, type ManufacturingService } from './manufacturing/index.ts';
import { createBookingService, type BookingService } from './bookings/index.ts';
import { createAccountService, createCustomerService, type AccountService, type CustomerService } from './customers/index.ts';
import { applyStatusChange, bookingOrders, outputPegging, createOrderService, createQuoteService, defaultOrderPolicy, recheckHeldOrders, type OrderPolicy, type OrderService, type QuoteService } from './orders/index.ts';
import { createInventoryService, type InventoryService } from './inventory/index.ts';
import { createProcurementService, type ProcurementService } from './procurement/index.ts';
import { createFulfilmentService, type FulfilmentService } from './fulfilment/index.ts';
import { createFleetService, createLogisticsService, straightLines, type CarrierAdapter, type DistanceSource, type FleetService, type LogisticsService, type TrackingAggregator } from './logistics/index.ts';
import { createFaqService, createSupportService, type FaqService, type SupportService } from './service/index.ts';
import { createAnalyticsService, type AnalyticsService } from './analytics/index.ts';
import { createStaffService, type StaffService } from './staff/index.ts';
import { createConversationService, type ConversationService } from './conversations/index.ts';
import { createNotificationService, type NotificationService } from './notifications/index.ts';
import { createDemoService, type DemoService } from './demo/index.ts';
import { createPaymentService, type PaymentProvider, type PaymentService } from './payments/index.ts';

/**
 * The domain services every front end and job uses, built once per process. Each is the only
 * door into its domain: a public method owns its unit of work and checks its actor.
 */
export interface CoreServices {
  clock: Clock;
  catalog: CatalogService;
  accounts: AccountService;
  quotes: QuoteService;
  manufacturing: ManufacturingService;
  bookings: BookingService;
  customers: CustomerService;
  orders: OrderService;
  inventory: InventoryService;
  procurement: ProcurementService;
  fulfilment: FulfilmentService;
  logistics: LogisticsService;
  /** The own fleet: vehicles, the day's routes, drivers' stops. */
  fleet: FleetService;
  /** Collecting, reconciling and refunding orders' money. */
  payments: PaymentService;
  /** Customer service: tickets, returns, feedback. */
  support: SupportService;
  faq: FaqService;
  analytics: AnalyticsService;
  staff: StaffService;
  conversations: ConversationService;
  notifications: NotificationService;
  demo: DemoService;
  /** True when PostgreSQL answers within `timeoutMs` (for `/readyz`). */
  pingDatabase(timeoutMs?: number): Promise<boolean>;
  /** This database's installation id (made by its first migration): it names the queues in Redis. */
  installationId(): Promise<string>;
  /**
   * The secret that signs web chat visitor cookies when `WEBCHAT_SECRET` is not set: made once,
   * kept in the database, so sessions survive restarts and every process accepts every cookie.
   */
  webchatSecret(): Promise<string>;
}

/** The outside world core talks to, plugged in by the composition root (fakes in tests). */
export interface CorePorts {
  /** Carrier adapters by carrier code. @default none */
  carriers?: ReadonlyMap<string, CarrierAdapter> | undefined;
  /** The tracking aggregator for carriers without their own adapter (AfterShip when configured). @default none */
  tracking?: TrackingAggregator | null | undefined;
  /** Road distances for the own fleet (OSRM when configured). @default straight lines */
  routing?: DistanceSource | null | undefined;
  /** The online payment provider (Stripe when configured). @default none: online methods are not offered */
  payments?: PaymentProvider | null | undefined;
}

export function createCoreServices(orm: MikroORM, config: Config, clock: Clock = systemClock, ports: CorePorts = {}): CoreServices {
  const context: ServiceContext = { uow: new UnitOfWork(orm), clock, config };
  const policy: OrderPolicy = {
    ...defaultOrderPolicy, approvalThresholdMinor: config.APPROVAL_THRESHOLD_MINOR, maxOrderTotalMinor: config.MAX_ORDER_TOTAL_MINOR,
    selfServe: { maxQuantityPerLine: config.CHAT_MAX_QUANTITY_PER_LINE, maxUnitsPerOrder: config.CHAT_MAX_UNITS_PER_ORDER },
  };
  let installation: Promise<string> | undefined;
  // Whether a refund goes back through the provider that took the payment (the configured one).
  const refundsByApi = (name: string | null) => name !== null && name === ports.payments?.name;
  return {
    clock,
    catalog: createCatalogService(context),
    customers: createCustomerService(context),
    accounts: createAccountService(context, (tx, accountId) => recheckHeldOrders(tx, accountId, clock.now(), (change) => applyStatusChange(tx, change))),
    orders: createOrderService(context, policy),
    quotes: createQuoteService(context, policy),
    manufacturing: createManufacturingService(context, outputPegging),
    bookings: createBookingService(context, bookingOrders(context, policy)),
    inventory: createInventoryService(context),
    procurement: createProcurementService(context),
    fulfilment: createFulfilmentService(context, refundsByApi),
    logistics: createLogisticsService(context, ports.carriers ?? new Map(), ports.tracking ?? null, ports.routing ?? straightLines),
    fleet: createFleetService(context, ports.routing ?? straightLines),
    payments: createPaymentService(context, ports.payments ?? null),
    support: createSupportService(context, refundsByApi),
    faq: createFaqService(context),
    analytics: createAnalyticsService(context),
    staff: createStaffService(context),
    conversations: createConversationService(context),
    notifications: createNotificationService(context),
    demo: createDemoService(context),
    pingDatabase: (timeoutMs) => pingDatabase(orm, timeoutMs),
    installationId: () => {
      installation ??= context.uow.read(async (em) => {
        const [row] = await em.execute<Array<{ id: string }>>('select id from installation limit 1');
        if (!row) throw new Error('This database has no installation row: run the migrations');
        return row.id;
      });
      // Remembered once read; a failed read (database away) is tried again next time.
      installation.catch(() => { installation = undefined; });
      return installation;
    },
    // The first process to ask makes it; the row lock makes every other one read the same.
    webchatSecret: () => context.uow.write(async (tx) => {
      const [row] = await tx.execute<Array<{ webchat_secret: string }>>(
        'update installation set webchat_secret = coalesce(webchat_secret, ?) returning webchat_secret',
        [randomBytes(32).toString('base64url')],
      );
      if (!row) throw new Error('This database has no installation row: run the migrations');
      return row.webchat_secret;
    }),
  };
}
