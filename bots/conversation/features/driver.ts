import { isAppError } from '../../../core/shared/errors.ts';
import { failureReasons, stopStatuses, type FailureReason, type StopAction, type StopStatus } from '../../../core/logistics/index.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';

/** What a refused driver button is told: not theirs, already recorded (as what), or no longer on a route. */
function refusal(turn: Turn, error: unknown): Reply {
  if (!isAppError(error)) throw error;
  if (error.code === 'forbidden') return turn.reply(turn.say('driver.not_yours'));
  if (error.code === 'invalid_transition') {
    const status = String(error.details?.status);
    return turn.reply(turn.say('driver.already', {
      n: Number(error.details?.n), number: String(error.details?.number),
      status: (stopStatuses as readonly string[]).includes(status) ? turn.say(`driver.status.${status as StopStatus}`) : status,
    }));
  }
  if (error.code === 'not_found') return turn.reply(turn.say('driver.stop_gone'));
  throw error;
}

/**
 * A driver's button on their route (Telegram only: the chat is who they are; core checks it is
 * this route's driver). Each step is recorded once: a second press is told what was recorded.
 */
export async function driverStop(turn: Turn, stopId: number, action: StopAction, reason?: FailureReason): Promise<Reply[]> {
  if (turn.channel !== 'telegram') return [turn.reply(turn.say('driver.not_yours'))];
  try {
    const recorded = await turn.deps.core.fleet.recordStop(stopId, action, turn.chatId, reason);
    return [turn.reply(turn.say(`driver.recorded_${action}`, { n: recorded.n, number: recorded.number }))];
  } catch (error) {
    return [refusal(turn, error)];
  }
}

/** [Failed] asks why first (the reason goes to the record and the customer's notice). */
export async function driverWhyFailed(turn: Turn, stopId: number): Promise<Reply[]> {
  if (turn.channel !== 'telegram') return [turn.reply(turn.say('driver.not_yours'))];
  try {
    const label = await turn.deps.core.fleet.stopOf(stopId, turn.chatId);
    return [turn.reply(turn.say('driver.why_failed', label), [failureReasons.map((reason) => turn.button(`driver.reason.${reason}`, { a: 'dvr', s: stopId, r: reason }))])];
  } catch (error) {
    return [refusal(turn, error)];
  }
}
