export { ServiceDefinition, BookableResource, WorkingHours, AvailabilityException, Booking, BookingResource, ServiceConsumable, BookingConsumable, bookingStatuses, resourceKinds, type BookingStatus } from './booking.entity.ts';
export { availableSlots, slotRefusal, workingIntervals, blockedRange, type Slot, type SlotRules, type ResourceCalendar } from './slots.ts';
export { bookingLifecycle } from './booking-state.ts';
export { createBookingService, type BookingService, type BookingFor, type BookableServiceView } from './bookings.service.ts';
export type { BookingView } from './booking.view.ts';
export type { ServiceInput, ResourceInput, HoursInput } from './resources.ts';
