import { Coalescer } from '../shared/coalescer.ts';
import type { PreparedStatement, UnitOfWork } from '../shared/unit-of-work.ts';
import type { NotificationRecord } from './notification.repository.ts';

/** Where a notification stands when its sender looks at it. */
export type Standing =
  /** Pending and its turn: book a send slot, then claim it. */
  | { state: 'ready'; row: NotificationRecord }
  /** A sender stopped during the platform call: the outcome is unknown, so it is not repeated. */
  | { state: 'sending'; row: NotificationRecord }
  /** Sent, failed or skipped already (a redelivered job). */
  | { state: 'settled' }
  /** Pending, but an earlier message to the same recipient goes first. */
  | { state: 'waiting' }
  | { state: 'missing' };

const columns = 'n.id, n.event_id, n.channel, n.recipient, n.identity_id, n.locale, n.notice, n.status, n.attempts';

/**
 * Whether it is each one's turn: the recipient's oldest unsettled message (event order), with
 * no older outbox event still unplanned (several relays may commit out of order).
 */
const itsTurn = `n.id = (select m.id from notification m
                          where m.channel = n.channel and m.recipient = n.recipient and m.status in ('pending', 'sending')
                          order by m.event_id, m.id limit 1)
                 and not exists (select 1 from outbox_event e
                                  where e.dispatched_at is null and e.claimed_until is null and e.dead_at is null and e.id < n.event_id)`;

/** The rows of a batch of senders, with whether it is their turn. */
const lookStatement: PreparedStatement = {
  name: 'notification_look',
  text: `select ${columns}, (${itsTurn}) as its_turn from notification n where n.id = any($1::bigint[])`,
};

/** pending → sending just before the platform calls, for those still pending and at their turn. */
const claimStatement: PreparedStatement = {
  name: 'notification_claim',
  text: `update notification n set status = 'sending', attempts = n.attempts + 1
          where n.id = any($1::bigint[]) and n.status = 'pending' and ${itsTurn}
          returning n.id`,
};

/** sending → sent for a batch of senders, with the platform's message ids. */
const sentStatement: PreparedStatement = {
  name: 'notification_sent',
  text: `update notification n set status = 'sent', sent_at = now(), external_id = coalesce(v.external_id, n.external_id)
           from unnest($1::bigint[], $2::text[]) as v(id, external_id)
          where n.id = v.id`,
};

interface Row {
  id: string;
  event_id: string;
  channel: NotificationRecord['channel'];
  recipient: string;
  identity_id: number | null;
  locale: NotificationRecord['locale'];
  notice: NotificationRecord['notice'];
  status: NotificationRecord['status'];
  attempts: number;
  its_turn: boolean | null;
}

const toRecord = (row: Row): NotificationRecord => ({
  id: Number(row.id), eventId: Number(row.event_id), channel: row.channel, recipient: row.recipient,
  identityId: row.identity_id ?? null, locale: row.locale, notice: row.notice, status: row.status, attempts: row.attempts,
});

function standingOf(row: Row | undefined): Standing {
  if (!row) return { state: 'missing' };
  if (row.status === 'sending') return { state: 'sending', row: toRecord(row) };
  if (row.status !== 'pending') return { state: 'settled' };
  return row.its_turn ? { state: 'ready', row: toRecord(row) } : { state: 'waiting' };
}

async function lookBatch(uow: UnitOfWork, ids: number[]): Promise<Standing[]> {
  const rows = new Map((await uow.query<Row>(lookStatement, [[...new Set(ids)]])).map((row) => [Number(row.id), row]));
  return ids.map((id) => standingOf(rows.get(id)));
}

async function claimBatch(uow: UnitOfWork, ids: number[]): Promise<boolean[]> {
  const claimed = new Set((await uow.query<{ id: string }>(claimStatement, [[...new Set(ids)]])).map((row) => Number(row.id)));
  // A notification asked for twice in one batch (a duplicate job) goes to the first asker only.
  return ids.map((id) => claimed.delete(id));
}

/**
 * The senders' side of the notification table, built for many senders at once: each look,
 * claim and "sent" joins those of the other jobs in flight, so a worker sending fifty messages
 * side by side makes three statements for them, not a transaction each.
 */
export function createSendingDesk(uow: UnitOfWork): {
  look(id: number): Promise<Standing>;
  claim(id: number): Promise<boolean>;
  markSent(id: number, externalId: string | null): Promise<void>;
} {
  const looks = new Coalescer<number, Standing>((ids) => lookBatch(uow, ids));
  const claims = new Coalescer<number, boolean>((ids) => claimBatch(uow, ids));
  const sent = new Coalescer<{ id: number; externalId: string | null }, true>(async (items) => {
    await uow.query(sentStatement, [items.map((item) => item.id), items.map((item) => item.externalId)]);
    return items.map(() => true as const);
  });
  return {
    look: (id) => looks.submit(id),
    claim: (id) => claims.submit(id),
    markSent: async (id, externalId) => {
      await sent.submit({ id, externalId });
    },
  };
}
