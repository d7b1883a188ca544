import { z } from 'zod';
import { paymentMethods } from '../../core/orders/index.ts';
import { ticketKinds } from '../../core/service/index.ts';

const address = z.object({
  line1: z.string(), city: z.string(), region: z.string().optional(), postalCode: z.string().optional(), country: z.string(),
});

/** Where in the checkout the customer is; text they write is read as this step's answer. */
export const checkoutSteps = ['address', 'address_text', 'phone', 'payment', 'review'] as const;
export type CheckoutStep = (typeof checkoutSteps)[number];

/**
 * The conversation state kept in PostgreSQL between updates. Parsed on every turn; anything
 * unreadable (an older shape) falls back to an empty state rather than failing the chat.
 */
export const conversationState = z.object({
  cart: z.array(z.object({ productId: z.number().int().positive(), quantity: z.number().int().positive() })).default([]),
  checkout: z.object({
    id: z.string(),
    step: z.enum(checkoutSteps),
    address: address.optional(),
    phone: z.string().optional(),
    payment: z.enum(paymentMethods).optional(),
    /** The unit prices the review showed, by SKU: an order confirmed after a change is held for staff. */
    prices: z.record(z.string(), z.number().int()).optional(),
    /** A company buyer's purchase-order reference, written at the review. */
    poRef: z.string().max(100).optional(),
  }).optional(),
  /** The phone given at the last checkout, offered again. */
  lastPhone: z.string().optional(),
  /** The customer shared their own phone through the platform: chat order caps are lifted. */
  phoneVerified: z.boolean().optional(),
  /** The customer buys for a company account (its prices shown; chat caps do not apply, as in core). */
  companyBuyer: z.boolean().optional(),
  /** A complaint being written: which order, what kind, then the description. */
  complaint: z.object({ orderNumber: z.string().optional(), kind: z.enum(ticketKinds).optional() }).optional(),
  /** A rating just given: the next free text is its comment. */
  feedbackFor: z.number().int().positive().optional(),
  /** After a failed delivery: the order whose new address is being asked, then the address. */
  reattempt: z.object({ orderNumber: z.string(), address: address.optional() }).optional(),
  /** An open ticket: the customer's free text goes to its Slack thread until it is resolved. */
  ticket: z.string().optional(),
});

export type ConversationState = z.infer<typeof conversationState>;
export type CheckoutDraft = NonNullable<ConversationState['checkout']>;

export function readState(stored: unknown): ConversationState {
  const parsed = conversationState.safeParse(stored ?? {});
  return parsed.success ? parsed.data : conversationState.parse({});
}
