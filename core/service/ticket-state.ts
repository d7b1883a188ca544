import { stateMachine } from '../shared/state-machine.ts';
import { ticketStatuses } from './ticket.entity.ts';

/** A ticket is claimed by one agent (first claim wins), resolved with a resolution, then closed. */
export const ticketLifecycle = stateMachine('Ticket', ticketStatuses, {
  open: ['claimed', 'resolved'],
  claimed: ['resolved'],
  resolved: ['closed'],
  closed: [],
});
