import type { Config } from '../core/shared/config.ts';

/** A held place among a key's open streams; it lapses after its time-to-live unless renewed. */
export interface StreamLease {
  renew(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Counters and leases every web process shares (Redis, plugged in by `main.ts`), for the
 * public surfaces: chat messages per chat, web chat sessions per address, event streams per
 * visitor. A limiter that cannot reach its store lets traffic through: limits protect the
 * shop from floods, they must not take the chat down with Redis.
 */
export interface InputLimiter {
  /** Counts one hit of `key` in the current window of `windowMs`: within `limit` or not, the count so far, when the window ends. */
  hit(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; count: number; retryAfterMs: number }>;
  /** Takes one of at most `cap` open streams of `key`, or null when all are taken. */
  openStream(key: string, cap: number, ttlMs: number): Promise<StreamLease | null>;
}

/** The limits of the public surfaces, from the configuration. */
export interface InputLimits {
  limiter: InputLimiter;
  chatMessagesPerMinute: number;
  sessionsPerAddressPerHour: number;
  streamsPerVisitor: number;
}

export function inputLimits(config: Config, limiter: InputLimiter): InputLimits {
  return {
    limiter,
    chatMessagesPerMinute: config.CHAT_MESSAGES_PER_MINUTE,
    sessionsPerAddressPerHour: config.WEBCHAT_SESSIONS_PER_IP_PER_HOUR,
    streamsPerVisitor: config.WEBCHAT_STREAMS_PER_VISITOR,
  };
}
