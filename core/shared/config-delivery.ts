import { z } from 'zod';
import { optionalText } from './config-fields.ts';

/** Settings of taking money (Stripe, bank transfer) and delivering (AfterShip, delivery attempts, the own fleet), part of the configuration. */
export const moneyAndDeliverySettings = {
  /** Stripe (online payment): secret API key and the webhook endpoint's signing secret; both or neither. */
  STRIPE_SECRET_KEY: optionalText,
  STRIPE_WEBHOOK_SECRET: optionalText,
  /** Where the Stripe client sends its requests (a local fake in tests). @default Stripe's own */
  STRIPE_API_URL: z.url().optional(),
  /** Where customers send bank transfers (account name, bank, number), shown when they choose it; without it bank transfer is not offered in chat. */
  BANK_TRANSFER_DETAILS: z.string().trim().min(1).max(500).optional(),
  /** AfterShip (tracking of carriers without their own adapter): API key and the webhook signing secret; both or neither. */
  AFTERSHIP_API_KEY: optionalText,
  AFTERSHIP_WEBHOOK_SECRET: optionalText,
  /** Where the AfterShip client sends its requests (a local fake in tests). @default AfterShip's own */
  AFTERSHIP_API_URL: z.url().optional(),
  /** Failed delivery attempts of a parcel before it goes back to the shop (its stock received back). */
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** Search time of one own-fleet planning run (the daily plan, or a dispatcher's re-plan). */
  FLEET_PLAN_SECONDS: z.coerce.number().min(0.1).max(60).default(2),
  /** Local hour (business time zone) the own fleet's day is planned at, every day. */
  FLEET_PLAN_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** OSRM (routing engine) for the own fleet's road distances, e.g. http://osrm:5000; without it, straight lines. */
  OSRM_URL: z.url().optional(),
  /** Average speed of the vans (km/h) and minutes spent at each stop: how long a route takes against a vehicle's working hours. */
  FLEET_SPEED_KMH: z.coerce.number().min(1).max(150).default(25),
  FLEET_STOP_MINUTES: z.coerce.number().min(0).max(120).default(5),
  /** An order to be paid online and still unpaid this long after it was placed is cancelled (its stock released). */
  PAYMENT_EXPIRY_MINUTES: z.coerce.number().min(0.05).max(43_200).default(60),
  /** How often the payment sweep runs: expiries, the one reminder halfway, refunds to retry. */
  PAYMENT_SWEEP_SECONDS: z.coerce.number().min(0.2).max(3600).default(30),
};
