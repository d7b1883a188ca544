import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying `sha256=<hex HMAC-SHA256 of the raw body>` with the carrier's webhook secret. */
export const carrierSignatureHeader = 'x-carrier-signature';

/** The signature a carrier puts on a webhook body. */
export function signCarrierBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** True when `given` is the body's signature with `secret` (compared in constant time). */
export function validCarrierSignature(secret: string | null | undefined, body: string, given: string | undefined): boolean {
  if (!secret || !given) return false;
  const expected = Buffer.from(signCarrierBody(secret, body));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
