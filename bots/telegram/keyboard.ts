import type { ChatButton } from '../../core/conversations/index.ts';

/** Chat buttons as a Telegram inline keyboard. */
export function toInlineKeyboard(rows: ChatButton[][]): { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> } {
  return { inline_keyboard: rows.map((row) => row.map((button) => ({ text: button.label, callback_data: button.data }))) };
}
