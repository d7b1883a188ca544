import type { ApiScope, StaffRole } from './roles.ts';
import { AppError } from './errors.ts';

export const actorTypes = ['customer', 'staff', 'api_key', 'system'] as const;
export type ActorType = (typeof actorTypes)[number];

/**
 * Who asks for something: passed to every service method that changes state, checked there
 * (`authorize`), and recorded on every ledger movement and audit entry.
 *
 * Staff and API-key actors are minted by core (`staff.identify`, `staff.authenticateApiKey`),
 * which reads the role or the scopes from the database; a front end never decides them.
 */
export interface Actor {
  type: ActorType;
  /** Customer id, Slack user id, API key id, or the job's name for the system. */
  id?: string | undefined;
  /** A staff member's role, as the staff directory says. */
  role?: StaffRole | undefined;
  /** An API key's scopes. */
  scopes?: readonly ApiScope[] | undefined;
  /** The key a request came with, when the actor is not the key itself (a buyer's key acts as that customer). */
  apiKeyId?: number | undefined;
  /** A customer acting as a member of a company account: which one and with what role. */
  member?: { id: number; accountId: number; role: 'admin' | 'buyer' | 'viewer' } | undefined;
}

export const systemActor: Actor = { type: 'system' };

/** The actor of a scheduled or queued job (`system:<job>` in the audit log). */
export function jobActor(job: string): Actor {
  return { type: 'system', id: job };
}

/** A customer acting through a chat or the web chat. */
export function customerActor(customerId: number): Actor {
  return { type: 'customer', id: String(customerId) };
}

/** The customer id of a customer actor, or null for anybody else. */
export function customerIdOf(actor: Actor): number | null {
  return actor.type === 'customer' && actor.id !== undefined ? Number(actor.id) : null;
}

/** The customer an actor speaks for; `forbidden` for anybody else. */
export function requireCustomer(actor: Actor): number {
  const customerId = customerIdOf(actor);
  if (customerId === null) throw new AppError('forbidden', 'Only the customer may do this', { actor: actor.type });
  return customerId;
}

/** How an actor is written on a document (`staff:U123`, `system`): who created, counted or decided it. */
export const actorLabel = (actor: Actor): string => (actor.id ? `${actor.type}:${actor.id}` : actor.type);
