/**
 * Admin command line: `npm run cli -- <command>`.
 *   migrate                      apply pending migrations (under the advisory lock)
 *   migration:create [name]      generate a migration from the entity changes (developers)
 *   seed demo                    add the bilingual demo catalogue and its stock
 *   api-key create --name NAME   create a REST API key; prints it once, on the last line
 *   api-key list | api-key revoke ID
 *   staff add --slack U123 --name "Li Lei" --role manager | staff list | staff remove --slack U123
 *   routes plan --file stops.json   plan delivery routes (no database needed)
 */
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from './core/shared/config.ts';
import { DependencyUnavailableError, ensureDatabase, migrateWithLock } from './core/shared/database.ts';
import { createOrm, type MikroORM } from './core/db.ts';
import { seedDemoCatalog } from './core/demo/index.ts';
import { addStaff, createApiKey, listApiKeys, listStaff, removeStaff, revokeApiKey } from './core/staff/index.ts';
import { isAppError } from './core/shared/errors.ts';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parsePlanFile, planRoutes, RoutingError } from './core/logistics/index.ts';
import { localDate, sendDailyDigest, shiftDate } from './core/analytics/index.ts';
import { createLogger } from './core/shared/logger.ts';
import { SlackTelegramDigest } from './bots/reports/digest.publisher.ts';

const usage = `Usage: npm run cli -- <command>
  migrate                      apply pending migrations
  migration:create [name]      generate a migration from entity changes
  seed demo                    seed the demo catalogue and stock
  api-key create --name NAME   create an API key (printed once)
  api-key list                 list API keys (never the keys themselves)
  api-key revoke ID            revoke an API key
  staff add --slack U123 --name "Li Lei" --role agent|manager|admin [--telegram CHAT_ID]
                               add a Slack user to the staff directory (or change their role);
                               managers with --telegram also get the daily digest there
  digest send [--date YYYY-MM-DD]  send the daily digest now (default: yesterday)
  staff list                   list staff
  staff remove --slack U123    take a Slack user's rights away
  routes plan --file FILE      plan delivery routes: {depot, stops, vehicles} JSON in, routes JSON out`;

type Command = (orm: MikroORM, args: string[], databaseUrl: string) => Promise<void>;

const commands: Record<string, Command> = {
  migrate: async (orm, _args, databaseUrl) => {
    const applied = await migrateWithLock(orm, databaseUrl);
    console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
  },
  'migration:create': async (orm, args) => {
    await migrateWithLock(orm, orm.config.get('clientUrl')!);
    const result = await orm.migrator.create(undefined, false, false, args[0]);
    console.log(result.diff.up.length > 0 ? `Created migrations/${result.fileName}` : 'No changes: no migration created');
  },
  seed: async (orm, args) => {
    if (args[0] !== 'demo') throw new UsageError('seed takes one argument: demo');
    const added = await seedDemoCatalog(orm.em.fork());
    console.log(added > 0 ? `Seeded ${added} demo products with stock at the default warehouse` : 'Demo products already present');
  },
  'api-key': async (orm, args) => {
    const [action, ...rest] = args;
    if (action === 'create') {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' } } });
      if (!values.name?.trim()) throw new UsageError('api-key create needs --name NAME');
      const key = await createApiKey(orm.em.fork(), values.name.trim());
      console.log(`Created API key #${key.id} "${key.name}". Store it now; it cannot be shown again:`);
      console.log(key.plain);
    } else if (action === 'list') {
      for (const key of await listApiKeys(orm.em.fork())) {
        console.log(`#${key.id}\t${key.name}\t${key.prefix}…\t${key.revokedAt ? 'revoked' : 'active'}\t${key.createdAt.toISOString()}`);
      }
    } else if (action === 'revoke' && /^\d+$/.test(rest[0] ?? '')) {
      const revoked = await revokeApiKey(orm.em.fork(), Number(rest[0]));
      if (!revoked) throw new UsageError(`No active API key #${rest[0]}`);
      console.log(`Revoked API key #${rest[0]}`);
    } else {
      throw new UsageError('api-key takes: create --name NAME | list | revoke ID');
    }
  },
  staff: async (orm, args) => {
    const [action, ...rest] = args;
    const { values } = parseArgs({ args: rest, options: { slack: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, telegram: { type: 'string' } } });
    if (action === 'add') {
      try {
        const staff = await addStaff(orm.em.fork(), { slackUserId: values.slack ?? '', name: values.name ?? '', role: values.role ?? '', telegramChatId: values.telegram });
        console.log(`Staff ${staff.name} (${staff.slackUserId}) is ${staff.role}`);
      } catch (error) {
        if (isAppError(error)) throw new UsageError(`staff add: ${error.message}`);
        throw error;
      }
    } else if (action === 'list') {
      for (const staff of await listStaff(orm.em.fork())) console.log(`${staff.slackUserId}\t${staff.role}\t${staff.active ? 'active' : 'removed'}\t${staff.name}`);
    } else if (action === 'remove' && values.slack) {
      if (!(await removeStaff(orm.em.fork(), values.slack))) throw new UsageError(`No active staff member ${values.slack}`);
      console.log(`Removed ${values.slack} from the staff directory`);
    } else {
      throw new UsageError('staff takes: add --slack U123 --name NAME --role agent|manager|admin | list | remove --slack U123');
    }
  },
  digest: async (orm, args) => {
    const { values } = parseArgs({ args: args.slice(1), options: { date: { type: 'string' } } });
    if (args[0] !== 'send' || (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))) throw new UsageError('digest takes: send [--date YYYY-MM-DD]');
    const config = loadConfig();
    const date = values.date ?? shiftDate(localDate(new Date(), config.REPORT_TIMEZONE), -1);
    const logger = createLogger('warn');
    const sent = await sendDailyDigest(orm.em.fork(), { date, timeZone: config.REPORT_TIMEZONE, channel: new SlackTelegramDigest(config, orm, logger), force: true });
    console.log(sent && sent.length > 0 ? `Digest for ${date} sent to ${sent.join(', ')}` : `Digest for ${date} built; no destination configured (SLACK_DIGEST_CHANNEL, managers with --telegram)`);
  },
};

class UsageError extends Error {}

/** `routes plan --file FILE`: pure computation, so it runs without a database. */
function planRoutesCommand(args: string[]): void {
  const { values } = parseArgs({ args: args.slice(1), options: { file: { type: 'string' }, 'time-limit-ms': { type: 'string' } } });
  if (args[0] !== 'plan' || !values.file) throw new UsageError('routes takes: plan --file stops.json [--time-limit-ms 1500]');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(values.file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read ${values.file} as JSON: ${(error as Error).message}`);
  }
  try {
    const plan = planRoutes(parsePlanFile(json), { timeLimitMs: values['time-limit-ms'] ? Number(values['time-limit-ms']) : undefined });
    console.log(JSON.stringify({ routes: plan.routes.map((route) => ({ vehicle: route.vehicle, stops: route.stops })), totalDistance: Math.round(plan.totalDistance * 1000) / 1000 }, null, 2));
  } catch (error) {
    if (error instanceof z.ZodError) throw new UsageError(`Invalid plan file: ${error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
    if (error instanceof RoutingError) throw new UsageError(`No plan: ${error.message}`);
    throw error;
  }
}

async function run(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (name === 'routes') {
    planRoutesCommand(args);
    return 0;
  }
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(usage);
    return name ? 2 : 0;
  }
  const config = loadConfig();
  await ensureDatabase(config.DATABASE_URL);
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL, poolSize: 2 });
  try {
    if (name !== 'migrate' && name !== 'migration:create') await migrateWithLock(orm, config.DATABASE_URL);
    await command(orm, args, config.DATABASE_URL);
    return 0;
  } finally {
    await orm.close();
  }
}

try {
  process.exitCode = await run();
} catch (error) {
  if (error instanceof ConfigError || error instanceof DependencyUnavailableError || error instanceof UsageError) {
    console.error(error.message);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } else {
    throw error;
  }
}
