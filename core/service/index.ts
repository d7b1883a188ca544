export { Ticket, ticketKinds, ticketStatuses, ticketPriorities, type TicketKind, type TicketStatus, type TicketPriority } from './ticket.entity.ts';
export { openTicket, toTicketView, type OpenTicketInput, type TicketView } from './ticket.service.ts';
export { getTicket, claimTicket, resolveTicket, escalateTicket, replyToTicket, addCustomerMessage, type TicketDetail } from './ticket-workflow.ts';
export { Feedback } from './feedback.entity.ts';
export { addBusinessMinutes, parseBusinessHours, type BusinessHours } from './business-time.ts';
export { slaTimes, checkSla, firstResponseTargets, resolutionTargets, warningShare, type SlaStage, type SlaKind } from './sla.ts';
export { recordRating, addFeedbackComment, requestOrderFeedback, poorRating, type RatingResult } from './feedback.service.ts';
export { ReturnRequest, returnStatuses, type ReturnStatus } from './return.entity.ts';
export { requestReturn, decideReturn, receiveReturn, markReturnRefunded, getReturn, type ReturnView } from './returns.ts';
