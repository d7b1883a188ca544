import type { ChatButton } from '../../core/conversations/index.ts';

/** A notice ready for a chat: plain text, and buttons in rows. */
export interface RenderedNotice {
  text: string;
  buttons: ChatButton[][] | null;
}

/** Text only: the non-empty parts, one per line. */
export function plain(parts: string[]): RenderedNotice {
  return { text: parts.filter(Boolean).join('\n'), buttons: null };
}
