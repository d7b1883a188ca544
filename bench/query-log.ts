import type { Logger } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../core/db.ts';

/** One SQL statement the ORM ran: its text with `?` placeholders, and its time as MikroORM measured it. */
export interface TimedStatement {
  sql: string;
  ms: number;
  /** It ended in an error (the time is until the error). */
  failed: boolean;
}

/** Statements the ORM ran, oldest first. */
export interface StatementLog {
  /** Returns the statements since the previous call and forgets them. */
  take(): TimedStatement[];
}

/** SQLSTATE of a statement cancelled by `statement_timeout` (query_canceled). */
export const statementTimeoutCode = '57014';

/**
 * The application's ORM configuration on `databaseUrl`, with every statement recorded: the slow
 * query log at threshold 0 sees each one with the time it took, at the cost of one object per
 * statement. The regular logger stays quiet. The server cancels any statement that runs longer
 * than `statementTimeoutMs` (error code `statementTimeoutCode`).
 */
export async function createTimedOrm(databaseUrl: string, statementTimeoutMs: number): Promise<{ orm: MikroORM; statements: StatementLog }> {
  let recorded: TimedStatement[] = [];
  const recorder: Logger = {
    log: () => undefined,
    error: () => undefined,
    warn: () => undefined,
    setDebugMode: () => undefined,
    isEnabled: () => true,
    logQuery(context) {
      recorded.push({ sql: context.query ?? '', ms: context.took ?? 0, failed: context.level === 'error' });
    },
  };
  const orm = await MikroORM.init({
    ...ormConfig({ databaseUrl }),
    // node-postgres sends it as a session setting on every pooled connection.
    driverOptions: { statement_timeout: statementTimeoutMs },
    slowQueryThreshold: 0,
    slowQueryLoggerFactory: () => recorder,
  });
  return {
    orm,
    statements: {
      take() {
        const taken = recorded;
        recorded = [];
        return taken;
      },
    },
  };
}
