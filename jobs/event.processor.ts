import type { MikroORM } from '@mikro-orm/postgresql';
import { isDispatched } from '../core/shared/outbox.ts';
import { pendingIdsOfEvent } from '../core/messaging/index.ts';
import type { JobQueues } from './queues.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';
import { RetryLater } from './registry.ts';

/** How soon an event whose relay transaction has not committed yet is looked at again. */
const uncommittedRecheckMs = 500;

/**
 * Hands one relayed event's notifications to the notification queue. The relay enqueues this
 * job inside its transaction, so the job may run before that commits: it then waits, and
 * finds the notification rows once the relay's commit makes the event dispatched.
 */
export async function dispatchEvent(orm: MikroORM, queues: JobQueues<JobDefinitionsOfApp>, eventId: number): Promise<{ notifications: number }> {
  const em = orm.em.fork();
  if (!(await isDispatched(em, eventId))) throw new RetryLater(uncommittedRecheckMs, 'relay transaction not committed yet');
  const ids = await pendingIdsOfEvent(em, eventId);
  await queues.enqueueBulk('notify.send', ids.map((id) => ({ payload: { notificationId: id }, jobId: `ntf-${id}` })));
  return { notifications: ids.length };
}
