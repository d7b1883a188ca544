/**
 * What `npm run test:embedded` (and CI's second run) runs by default: the suites that go through
 * the job queues, the send and input limits, and the web chat's event hub, where the mode
 * without Redis differs. The rest of the suite touches PostgreSQL only, which both modes share.
 */
export const embeddedSuites = [
  // Queues, workers and the outbox relay; the send limits and the 429 pauses.
  'test/integration/notifications.test.ts',
  'test/integration/rate-limiter.test.ts',
  'test/integration/health.test.ts',
  'test/integration/payments.test.ts',
  'test/integration/ticket-sla.test.ts',
  // Chat front ends: reply pacing, input limits, the web chat hub (LISTEN) and transcript.
  'test/integration/telegram-chat.test.ts',
  'test/integration/abuse-limits.test.ts',
  'test/integration/webchat-api.test.ts',
  'test/e2e/webchat-browser.test.ts',
  // Processes: a worker SIGKILLed mid-send, two workers at once, the store's outage, shutdown.
  'test/e2e/worker-crash.test.ts',
  'test/e2e/payment-expiry.test.ts',
  'test/e2e/queue-database-outage.test.ts',
  'test/e2e/process.test.ts',
  'test/e2e/bare-machine.test.ts',
];
