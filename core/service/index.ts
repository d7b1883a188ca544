export { Ticket, ticketKinds, ticketStatuses, ticketPriorities, type TicketKind, type TicketStatus, type TicketPriority } from './ticket.entity.ts';
export { openTicket, toTicketView, type OpenTicketInput, type TicketView } from './ticket.service.ts';
