import { isAppError } from '../../core/shared/errors.ts';
import { decidedBlocks, type Block } from './blocks.ts';
import { refuse, type StaffClick } from './console.ts';

/**
 * A decision taken from a card's button, first click wins: `act` runs it in core; when someone
 * decided first (409 `invalid_transition`), the clicker is told privately what became of it
 * (`already`); otherwise the card is edited to `outcome()`, its buttons gone.
 */
export async function decideOnCard(click: StaffClick, act: () => Promise<unknown>, already: () => Promise<string>, outcome: () => string): Promise<void> {
  const { body, client } = click;
  const channel = body.channel?.id;
  try {
    await act();
  } catch (error) {
    if (!isAppError(error) || error.code !== 'invalid_transition') throw error;
    return refuse(client, channel, body.user.id, await already());
  }
  const text = outcome();
  if (channel && body.message) {
    await client.chat.update({ channel, ts: body.message.ts, text, blocks: decidedBlocks((body.message.blocks ?? []) as Block[], text) as never });
  }
}
