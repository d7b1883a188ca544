export const actorTypes = ['customer', 'staff', 'api_key', 'system'] as const;
export type ActorType = (typeof actorTypes)[number];

/** Who did something: recorded on every ledger movement and audit entry. */
export interface Actor {
  type: ActorType;
  /** Customer id, Slack user id, API key id; absent for the system. */
  id?: string;
}

export const systemActor: Actor = { type: 'system' };

/** How an actor is written on a document (`staff:U123`, `system`): who created, counted or decided it. */
export const actorLabel = (actor: Actor): string => (actor.id ? `${actor.type}:${actor.id}` : actor.type);
