import { fileURLToPath } from 'node:url';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { migrateWithLock } from './shared/database.ts';
import { PriceList, PriceListItem, Product, ProductCategory, QuantityRule } from './catalog/index.ts';
import { Warehouse, StockLevel, StockMovement, StockTransfer, StockCount, StockCountLine, ReorderPolicy } from './inventory/index.ts';
import { Supplier, PurchaseOrder, PurchaseOrderLine } from './procurement/index.ts';
import { PickList, PickListLine } from './fulfilment/index.ts';
import { Carrier, CarrierService, DeliveryRoute, FleetVehicle, RouteStop, Shipment, ShipmentEvent } from './logistics/index.ts';
import { ApiKey, StaffMember } from './staff/index.ts';
import { AccountMember, CreditEntry, Customer, CustomerAccount, CustomerIdentity, CustomerAddress } from './customers/index.ts';
import { Order, OrderLine, OrderLineSupply, Quote, QuoteLine } from './orders/index.ts';
import { AvailabilityException, BookableResource, Booking, BookingConsumable, BookingResource, ServiceConsumable, ServiceDefinition, WorkingHours } from './bookings/index.ts';
import { Bom, BomLine, MrpRun, MrpSuggestion, ProductionComponent, ProductionOrder, ProductionReport } from './manufacturing/index.ts';
import { AuditEntry } from './shared/audit.entity.ts';
import { OutboxEvent } from './shared/outbox.entity.ts';
import { IdempotencyRecord } from './shared/idempotency.entity.ts';
import { Notification } from './notifications/index.ts';
import { ChatMessage, Conversation } from './conversations/index.ts';
import { ProcessedUpdate } from './shared/handled-once.entity.ts';
import { Installation } from './shared/installation.entity.ts';
import { Ticket, Feedback, FaqEntry, ReturnRequest } from './service/index.ts';
import { Payment, PaymentLink } from './payments/index.ts';

/** Every entity of the domain. A new entity is added here and gets a migration. */
export const entities = [
  Product, ProductCategory, QuantityRule, PriceList, PriceListItem, CustomerAccount, AccountMember, CreditEntry, Warehouse, StockLevel, StockMovement, ApiKey, Customer, CustomerIdentity, CustomerAddress,
  Order, OrderLine, OrderLineSupply, Quote, QuoteLine, Bom, BomLine, ProductionOrder, ProductionComponent, ProductionReport, MrpRun, MrpSuggestion, ServiceDefinition, BookableResource, WorkingHours, AvailabilityException, Booking, BookingResource, ServiceConsumable, BookingConsumable, AuditEntry, OutboxEvent, IdempotencyRecord, Notification, ChatMessage,
  Conversation, ProcessedUpdate, Ticket, StaffMember,
  StockTransfer, StockCount, StockCountLine, Supplier, PurchaseOrder, PurchaseOrderLine, ReorderPolicy,
  PickList, PickListLine, Carrier, CarrierService, Shipment, ShipmentEvent, FleetVehicle, DeliveryRoute, RouteStop, Feedback, FaqEntry, ReturnRequest, Payment, PaymentLink, Installation,
];

/** Absolute path of `migrations/`, independent of the working directory. */
export const migrationsPath = fileURLToPath(new URL('../migrations', import.meta.url));

/** Options for the ORM pool. */
export interface OrmOptions {
  /** Connection URL of the application database. */
  databaseUrl: string;
  /** Maximum pool size. @default 10 */
  poolSize?: number;
  /**
   * How long a query waits for a free connection (and for a new one to connect) before it
   * fails; the unit of work turns that into `unavailable` (503). @default 5000
   */
  acquireTimeoutMs?: number;
  /** Server-side limit of one statement, in ms; 0 for none. @default 15000 */
  statementTimeoutMs?: number;
  /** Server-side limit of a session idle inside a transaction, in ms; 0 for none. @default 30000 */
  idleInTransactionTimeoutMs?: number;
}

/** The pool options of the configuration (`DB_POOL_SIZE` and the timeouts). */
export function poolOptionsOf(config: { DB_POOL_SIZE: number; DB_ACQUIRE_TIMEOUT_MS: number; DB_STATEMENT_TIMEOUT_MS: number; DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: number }): Omit<OrmOptions, 'databaseUrl'> {
  return {
    poolSize: config.DB_POOL_SIZE,
    acquireTimeoutMs: config.DB_ACQUIRE_TIMEOUT_MS,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

export function ormConfig(options: OrmOptions): Options {
  const { databaseUrl, poolSize = 10, acquireTimeoutMs = 5000, statementTimeoutMs = 15_000, idleInTransactionTimeoutMs = 30_000 } = options;
  return defineConfig({
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    // Functions (the stock-ledger writer) are written by hand in reviewed migrations; the
    // migration generator must not offer to drop them because no entity declares them.
    // The limits' unlogged tables (migration `shared_limits`) are used through their functions, not entities.
    // BullMQ's schema (the queues without Redis) is BullMQ's own, migrated by it.
    schemaGenerator: { ignoreRoutines: true, skipTables: [/^limit_(slot|hit|stream)$/], ignoreSchema: ['bullmq'] },
    pool: { min: 0, max: poolSize },
    // Passed to pg's Pool: a bounded wait for a connection, and server-side limits so that no
    // statement or forgotten transaction can hold a connection (and its locks) for ever.
    driverOptions: {
      connectionTimeoutMillis: acquireTimeoutMs,
      ...(statementTimeoutMs > 0 && { statement_timeout: statementTimeoutMs }),
      ...(idleInTransactionTimeoutMs > 0 && { idle_in_transaction_session_timeout: idleInTransactionTimeoutMs }),
    },
    migrations: {
      path: migrationsPath,
      glob: '!(*.d).ts',
      emit: 'ts',
      // The generator diffs against the migrated development database; no snapshot file is written.
      snapshot: false,
      silent: true,
      tableName: 'mikro_orm_migrations',
    },
    debug: false,
  });
}

/** Connects the ORM. Callers check reachability first (`core/shared/database.ts`) for a clear error. */
export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(options));
}

export type { MikroORM };

/**
 * Applies pending migrations (under the advisory lock) with an ORM of its own that has no
 * statement timeout: a migration may rewrite a big table, which the serving pool would cancel.
 */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const orm = await createOrm({ databaseUrl, poolSize: 2, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 });
  try {
    return await migrateWithLock(orm, databaseUrl);
  } finally {
    await orm.close();
  }
}
