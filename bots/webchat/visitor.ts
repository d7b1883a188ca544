import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Name of the cookie that identifies a web chat visitor. */
export const visitorCookie = 'oc_visitor';

/**
 * Signs and checks visitor ids. The cookie is `<id>.<hmac>`, so a visitor cannot pose as
 * another by editing it; the id is random, so it cannot be guessed either.
 */
export class VisitorSigner {
  private readonly secret: string;

  constructor(secret: string) {
    this.secret = secret;
  }

  private sign(id: string): string {
    return createHmac('sha256', this.secret).update(id).digest('base64url');
  }

  /** A new visitor id and its cookie value. */
  issue(): { visitorId: string; cookie: string } {
    const visitorId = `v_${randomBytes(16).toString('base64url')}`;
    return { visitorId, cookie: `${visitorId}.${this.sign(visitorId)}` };
  }

  /** The visitor id of a cookie value, or null when it is missing or forged. */
  verify(cookie: string | undefined): string | null {
    if (!cookie) return null;
    const dot = cookie.lastIndexOf('.');
    if (dot <= 0) return null;
    const visitorId = cookie.slice(0, dot);
    const given = Buffer.from(cookie.slice(dot + 1));
    const expected = Buffer.from(this.sign(visitorId));
    return given.length === expected.length && timingSafeEqual(given, expected) ? visitorId : null;
  }
}

/** Reads one cookie from a Cookie header; a value that does not decode counts as no cookie (no session). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
