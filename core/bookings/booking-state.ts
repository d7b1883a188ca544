import { stateMachine } from '../shared/state-machine.ts';
import { bookingStatuses } from './booking.entity.ts';

/**
 * held → confirmed (or pending_confirmation for staff to confirm) → checked_in → completed; a
 * hold expires; confirmed or pending bookings may be cancelled; a confirmed one not attended
 * becomes no_show. A reschedule changes the time in place, not the status.
 */
export const bookingLifecycle = stateMachine('Booking', bookingStatuses, {
  held: ['confirmed', 'pending_confirmation', 'expired', 'cancelled'],
  pending_confirmation: ['confirmed', 'cancelled'],
  confirmed: ['checked_in', 'cancelled', 'no_show'],
  checked_in: ['completed', 'no_show'],
  completed: [],
  cancelled: [],
  expired: ['held'],
  no_show: [],
});
