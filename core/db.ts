import { fileURLToPath } from 'node:url';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { Product } from './catalog/index.ts';
import { Warehouse, StockLevel, StockMovement, StockTransfer, StockCount, StockCountLine, ReorderPolicy } from './inventory/index.ts';
import { Supplier, PurchaseOrder, PurchaseOrderLine } from './procurement/index.ts';
import { PickList, PickListLine } from './fulfilment/index.ts';
import { Carrier, CarrierService, Shipment, ShipmentEvent } from './logistics/index.ts';
import { ApiKey, StaffMember } from './staff/index.ts';
import { Customer, CustomerIdentity, CustomerAddress } from './customers/index.ts';
import { Order, OrderLine } from './orders/index.ts';
import { AuditEntry } from './shared/audit.entity.ts';
import { OutboxEvent } from './shared/outbox.entity.ts';
import { IdempotencyRecord } from './shared/idempotency.entity.ts';
import { Notification, ChatMessage, Conversation, ProcessedUpdate } from './messaging/index.ts';
import { Ticket, Feedback, ReturnRequest } from './service/index.ts';

/** Every entity of the domain. A new entity is added here and gets a migration. */
export const entities = [
  Product, Warehouse, StockLevel, StockMovement, ApiKey, Customer, CustomerIdentity, CustomerAddress,
  Order, OrderLine, AuditEntry, OutboxEvent, IdempotencyRecord, Notification, ChatMessage,
  Conversation, ProcessedUpdate, Ticket, StaffMember,
  StockTransfer, StockCount, StockCountLine, Supplier, PurchaseOrder, PurchaseOrderLine, ReorderPolicy,
  PickList, PickListLine, Carrier, CarrierService, Shipment, ShipmentEvent, Feedback, ReturnRequest,
];

/** Absolute path of `migrations/`, independent of the working directory. */
export const migrationsPath = fileURLToPath(new URL('../migrations', import.meta.url));

/** Options for the ORM pool. */
export interface OrmOptions {
  /** Connection URL of the application database. */
  databaseUrl: string;
  /** Maximum pool size. @default 10 */
  poolSize?: number;
}

export function ormConfig({ databaseUrl, poolSize = 10 }: OrmOptions): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: poolSize },
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
