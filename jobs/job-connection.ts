import { createPostgresBackend, Queue, Worker, type PgPool, type Processor, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** BullMQ on PostgreSQL (its `createPostgresBackend`): the queues live in schema `bullmq` of this pool's database. */
export class PostgresQueueConnection {
  readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }
}

/** What queues and workers run on: a Redis connection, or a PostgreSQL pool (the mode without Redis). */
export type JobConnection = Redis | PostgresQueueConnection;

/**
 * A BullMQ queue on `connection`. On Redis, `prefix` namespaces its keys (one installation's
 * queues); on PostgreSQL the database is the installation's own, so it has no prefix.
 */
export function openQueue(name: string, connection: JobConnection, prefix: string): Queue {
  if (connection instanceof PostgresQueueConnection) {
    return new Queue(name, { connection: connection.pool }, createPostgresBackend) as unknown as Queue;
  }
  return new Queue(name, { connection, prefix });
}

/** A BullMQ worker on `connection` (see `openQueue`). */
export function openWorker(name: string, processor: Processor, options: Omit<WorkerOptions, 'connection' | 'prefix'>, connection: JobConnection, prefix: string): Worker {
  if (connection instanceof PostgresQueueConnection) {
    return new Worker(name, processor, { ...options, connection: connection.pool }, createPostgresBackend) as unknown as Worker;
  }
  return new Worker(name, processor, { ...options, connection, prefix });
}
