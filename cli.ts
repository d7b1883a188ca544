/**
 * Admin command line: `npm run cli -- <command>`.
 *   migrate                      apply pending migrations (under the advisory lock)
 *   migration:create [name]      generate a migration from the entity changes (developers)
 *   seed demo                    add the bilingual demo catalogue and its stock
 *   api-key create --name NAME [--scope S ...]   create a REST API key; prints it once, on the last line
 *   api-key list | api-key revoke ID
 *   staff add --slack U123 --name "Li Lei" --role manager | staff list | staff remove --slack U123
 *   dead-letters [list] | retry|drop event|notification ID   what the pipeline set aside
 *   routes plan --file stops.json   plan delivery routes (no database needed)
 *   routes plan --vrp A-n32-k5.vrp  plan a CVRPLIB instance [--vehicles K] [--seconds 2]
 */
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from './core/shared/config.ts';
import { DependencyUnavailableError, ensureDatabase, migrateWithLock } from './core/shared/database.ts';
import { createOrm, migrateDatabase, poolOptionsOf } from './core/db.ts';
import { createCoreServices, type CoreServices } from './core/services.ts';
import { parseScopes } from './core/staff/index.ts';
import { apiScopes } from './core/shared/authorization.ts';
import { jobActor } from './core/shared/actor.ts';
import type { Config } from './core/shared/config.ts';
import { isAppError } from './core/shared/errors.ts';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parsePlanFile, parseVrpFile, planRoutes, RoutingError, vrpPlanInput } from './core/logistics/index.ts';
import { createLogger } from './core/shared/logger.ts';
import { SlackTelegramDigest } from './bots/reports/digest.publisher.ts';

const usage = `Usage: npm run cli -- <command>
  migrate                      apply pending migrations
  migration:create [name]      generate a migration from entity changes
  seed demo                    seed the demo catalogue and stock
  api-key create --name NAME [--scope SCOPE ...]
                               create an API key (printed once); scopes: ${apiScopes.join(', ')}
                               (default: every scope but admin, orders:approve and carriers:admin)
  api-key list                 list API keys (never the keys themselves)
  api-key revoke ID            revoke an API key
  staff add --slack U123 --name "Li Lei" --role agent|supervisor|manager|finance|admin [--telegram CHAT_ID]
                               add a Slack user to the staff directory (or change their role);
                               managers with --telegram also get the daily digest there
  digest send [--date YYYY-MM-DD]  send the daily digest now (default: yesterday)
  staff list                   list staff
  staff remove --slack U123    take a Slack user's rights away
  dead-letters [list]          events and notifications set aside (could not be planned, refused, uncertain)
  dead-letters retry|drop event|notification ID
                               try one again, or drop it for good
  routes plan --file FILE      plan delivery routes: {depot, stops, vehicles} JSON in, routes JSON out
  routes plan --vrp FILE       plan a CVRPLIB .vrp instance [--vehicles K] [--seconds 2]: {routes, distance} JSON out`;

type Command = (core: CoreServices, args: string[], config: Config) => Promise<void>;

/** The CLI acts as the operator of the installation. */
const operator = jobActor('cli');

const commands: Record<string, Command> = {
  seed: async (core, args) => {
    if (args[0] !== 'demo') throw new UsageError('seed takes one argument: demo');
    const added = await core.demo.seed();
    console.log(added > 0 ? `Seeded ${added} demo products with stock at the default warehouse` : 'Demo products already present');
  },
  'api-key': async (core, args) => {
    const [action, ...rest] = args;
    if (action === 'create') {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, scope: { type: 'string', multiple: true } } });
      if (!values.name?.trim()) throw new UsageError('api-key create needs --name NAME');
      const scopes = await asUsageError(() => parseScopes((values.scope ?? []).flatMap((scope) => scope.split(',')).map((scope) => scope.trim()).filter(Boolean)));
      const key = await core.staff.createApiKey(values.name.trim(), scopes, operator);
      console.log(`Created API key #${key.id} "${key.name}" with scopes ${key.scopes.join(', ')}. Store it now; it cannot be shown again:`);
      console.log(key.plain);
    } else if (action === 'list') {
      for (const key of await core.staff.listApiKeys(operator)) {
        console.log(`#${key.id}\t${key.name}\t${key.prefix}…\t${key.revokedAt ? 'revoked' : 'active'}\t${key.scopes.join(',')}\t${key.createdAt.toISOString()}`);
      }
    } else if (action === 'revoke' && /^\d+$/.test(rest[0] ?? '')) {
      const revoked = await core.staff.revokeApiKey(Number(rest[0]), operator);
      if (!revoked) throw new UsageError(`No active API key #${rest[0]}`);
      console.log(`Revoked API key #${rest[0]}`);
    } else {
      throw new UsageError('api-key takes: create --name NAME [--scope SCOPE ...] | list | revoke ID');
    }
  },
  staff: async (core, args) => {
    const [action, ...rest] = args;
    const { values } = parseArgs({ args: rest, options: { slack: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, telegram: { type: 'string' } } });
    if (action === 'add') {
      const staff = await asUsageError(() => core.staff.addStaff({ slackUserId: values.slack ?? '', name: values.name ?? '', role: values.role ?? '', telegramChatId: values.telegram }, operator), 'staff add: ');
      console.log(`Staff ${staff.name} (${staff.slackUserId}) is ${staff.role}`);
    } else if (action === 'list') {
      for (const staff of await core.staff.listStaff()) console.log(`${staff.slackUserId}\t${staff.role}\t${staff.active ? 'active' : 'removed'}\t${staff.name}`);
    } else if (action === 'remove' && values.slack) {
      if (!(await core.staff.removeStaff(values.slack, operator))) throw new UsageError(`No active staff member ${values.slack}`);
      console.log(`Removed ${values.slack} from the staff directory`);
    } else {
      throw new UsageError('staff takes: add --slack U123 --name NAME --role agent|supervisor|manager|finance|credit|production|front_desk|driver|admin [--telegram CHAT_ID] | list | remove --slack U123');
    }
  },
  'dead-letters': async (core, args) => {
    const [action, kind, id] = args;
    if (action === undefined || action === 'list') {
      const letters = await core.notifications.deadLetters(operator);
      if (letters.length === 0) console.log('Nothing is set aside');
      for (const letter of letters) console.log(`${letter.kind} #${letter.id}\t${letter.state}\t${letter.at}\t${letter.about}\t${letter.error ?? ''}`);
    } else if ((action === 'retry' || action === 'drop') && (kind === 'event' || kind === 'notification') && /^\d+$/.test(id ?? '')) {
      await asUsageError(() => (action === 'retry' ? core.notifications.retryDeadLetter(kind, Number(id), operator) : core.notifications.dropDeadLetter(kind, Number(id), operator)));
      console.log(action === 'retry' ? `${kind} #${id} will be tried again` : `${kind} #${id} dropped`);
    } else {
      throw new UsageError('dead-letters takes: list | retry event|notification ID | drop event|notification ID');
    }
  },
  digest: async (core, args, config) => {
    const { values } = parseArgs({ args: args.slice(1), options: { date: { type: 'string' } } });
    if (args[0] !== 'send' || (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))) throw new UsageError('digest takes: send [--date YYYY-MM-DD]');
    const channel = new SlackTelegramDigest(config, core.staff, createLogger('warn'));
    const { date, sent } = await core.analytics.sendDailyDigest(values.date, channel, true);
    console.log(sent && sent.length > 0 ? `Digest for ${date} sent to ${sent.join(', ')}` : `Digest for ${date} built; no destination configured (SLACK_DIGEST_CHANNEL, managers with --telegram)`);
  },
};

/** Runs `work`; an AppError (bad input) becomes a UsageError with its message. */
async function asUsageError<T>(work: () => T | Promise<T>, prefix = ''): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error)) throw new UsageError(`${prefix}${error.message}`);
    throw error;
  }
}

class UsageError extends Error {}

const routesUsage = 'routes takes: plan --file stops.json [--time-limit-ms 1500] | plan --vrp FILE.vrp [--vehicles K] [--seconds 2]';

/** `routes plan --vrp FILE`: a CVRPLIB instance planned with TSPLIB's rounded distances; `{routes: [[node ids]], distance}`. */
function planVrpCommand(file: string, vehicles: string | undefined, seconds: string | undefined): void {
  const fleet = vehicles === undefined ? undefined : Number(vehicles);
  const budget = seconds === undefined ? 2 : Number(seconds);
  if (fleet !== undefined && (!Number.isInteger(fleet) || fleet < 1)) throw new UsageError('--vehicles takes a whole number of at least 1');
  if (!Number.isFinite(budget) || budget <= 0 || budget > 600) throw new UsageError('--seconds takes a number of seconds above 0, at most 600');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const plan = planRoutes(vrpPlanInput(parseVrpFile(text), fleet), { timeLimitMs: budget * 1000 });
    console.log(JSON.stringify({ routes: plan.routes.map((route) => route.stops.map(Number)), distance: plan.totalDistance }));
  } catch (error) {
    if (error instanceof RoutingError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

/** `routes plan --file FILE` or `--vrp FILE`: pure computation, so it runs without a database. */
function planRoutesCommand(args: string[]): void {
  const { values } = parseArgs({ args: args.slice(1), options: { file: { type: 'string' }, vrp: { type: 'string' }, vehicles: { type: 'string' }, seconds: { type: 'string' }, 'time-limit-ms': { type: 'string' } } });
  if (args[0] === 'plan' && values.vrp) return planVrpCommand(values.vrp, values.vehicles, values.seconds);
  if (args[0] !== 'plan' || !values.file) throw new UsageError(routesUsage);
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
  if (!command && name !== 'migrate' && name !== 'migration:create') {
    console.error(usage);
    return name ? 2 : 0;
  }
  const config = loadConfig();
  await ensureDatabase(config.DATABASE_URL);
  if (name === 'migration:create') {
    const orm = await createOrm({ databaseUrl: config.DATABASE_URL, poolSize: 2, statementTimeoutMs: 0 });
    try {
      await migrateWithLock(orm, config.DATABASE_URL);
      const result = await orm.migrator.create(undefined, false, false, args[0]);
      console.log(result.diff.up.length > 0 ? `Created migrations/${result.fileName}` : 'No changes: no migration created');
    } finally {
      await orm.close();
    }
    return 0;
  }
  const applied = await migrateDatabase(config.DATABASE_URL);
  if (name === 'migrate') {
    console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
    return 0;
  }
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL, ...poolOptionsOf(config), poolSize: 2 });
  try {
    await command!(createCoreServices(orm, config), args, config);
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
