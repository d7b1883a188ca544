import { AppError } from './errors.ts';

/**
 * A status lifecycle as data: `transitions[from]` lists where `from` may go. Built once per
 * document kind (transfers, counts, purchase orders, tickets, returns, shipments); the order
 * lifecycle, which also says who may move it, lives in `core/orders/order-state.ts`.
 */
export interface StateMachine<S extends string> {
  /** What the documents are called in error messages ("Transfer", "Ticket"). */
  readonly name: string;
  readonly statuses: readonly S[];
  readonly transitions: Readonly<Record<S, readonly S[]>>;
  /** True when a document in `from` may become `to`. */
  can(from: S, to: S): boolean;
  /** Throws `invalid_transition` (409) naming the document when it may not. */
  assert(from: S, to: S, reference: string): void;
  /** Statuses with no way out. */
  isFinal(status: S): boolean;
}

export function stateMachine<S extends string>(name: string, statuses: readonly S[], transitions: Readonly<Record<S, readonly S[]>>): StateMachine<S> {
  const can = (from: S, to: S) => transitions[from].includes(to);
  return {
    name,
    statuses,
    transitions,
    can,
    assert(from, to, reference) {
      if (!can(from, to)) {
        throw new AppError('invalid_transition', `${name} ${reference} is ${from} and cannot become ${to}`, { status: from, to });
      }
    },
    isFinal: (status) => transitions[status].length === 0,
  };
}
