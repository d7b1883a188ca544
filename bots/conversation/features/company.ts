import { isAppError } from '../../../core/shared/errors.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';

/**
 * An admin of a company taps Approve / Reject on a buyer's order over their limit. Core checks
 * that they are an admin of that order's company (anyone else is told they cannot) and that
 * nobody decided first (the second tap hears who did).
 */
export async function decideForCompany(turn: Turn, orderNumber: string, approve: boolean): Promise<Reply[]> {
  try {
    await turn.deps.core.orders.decideBuyerApproval(orderNumber, approve, await turn.actor());
  } catch (error) {
    if (!isAppError(error) || !['forbidden', 'invalid_transition', 'not_found'].includes(error.code)) throw error;
    const text = error.code === 'invalid_transition'
      ? turn.say('chat.buyer_already', { number: orderNumber, name: String(error.details?.decidedBy ?? '—') })
      : turn.say('chat.buyer_not_admin', { number: orderNumber });
    return [turn.reply(text, mainMenu(turn))];
  }
  return [turn.reply(turn.say(approve ? 'chat.buyer_approved' : 'chat.buyer_rejected', { number: orderNumber }), mainMenu(turn))];
}
