import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { localDate } from '../../core/shared/calendar.ts';
import type { BookingView } from '../../core/bookings/index.ts';
import { actionIds, button, context, markdown, type Block } from './block-kit.ts';
import { authorizeStaff, onStaffClick, refuse, say, staffError, when, type ConsoleDeps, type StaffClick } from './console.ts';
import { escapeMrkdwn } from './escape.ts';

const rowId = (number: string) => `booking_${number}`;

/** One booking of the day with the buttons its status allows. */
function bookingRow(deps: ConsoleDeps, booking: BookingView): Block[] {
  const row = say(deps, 'slack.schedule.row', {
    time: booking.localTime, resource: escapeMrkdwn(booking.resource), number: booking.number, service: escapeMrkdwn(booking.service), status: say(deps, `slack.booking.status.${booking.status}`),
  });
  const text = booking.attendanceConfirmedAt && booking.status === 'confirmed' ? `${row} · ${say(deps, 'slack.booking.coming')}` : row;
  const buttons: Record<string, Block[]> = {
    pending_confirmation: [button(say(deps, 'slack.booking.approve'), actionIds.bookingApprove, booking.number, 'primary')],
    confirmed: [button(say(deps, 'slack.booking.check_in'), actionIds.bookingCheckIn, booking.number, 'primary'), button(say(deps, 'slack.booking.no_show'), actionIds.bookingNoShow, booking.number, 'danger')],
    checked_in: [button(say(deps, 'slack.booking.complete'), actionIds.bookingComplete, booking.number, 'primary')],
  };
  const actions = buttons[booking.status];
  return [markdown(text), ...(actions ? [{ type: 'actions', block_id: rowId(booking.number), elements: actions }] : [])];
}

/**
 * The front desk in Slack: `/schedule [YYYY-MM-DD] [resource]` lists the day's bookings per
 * resource with *Check in* / *No-show*, *Complete*, and *Confirm* for a booking waiting for
 * staff (also on the approvals card of such a booking, with *Decline*). Each click goes through
 * core (role, timing and status checked there: of two clicks the second is refused); the row says
 * what happened, a refusal is told to the clicker alone.
 */
export function registerBookings(app: App, deps: ConsoleDeps): void {
  app.command('/schedule', async ({ ack, command }) => {
    const access = await authorizeStaff(deps, command.user_id, 'booking.desk');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const [first, second] = command.text.trim().split(/\s+/).filter(Boolean);
    const date = first && /^\d{4}-\d{2}-\d{2}$/.test(first) ? first : localDate(new Date(), deps.timeZone);
    const resource = first && !/^\d{4}-\d{2}-\d{2}$/.test(first) ? first : second;
    const bookings = await deps.core.bookings.schedule(date, resource?.toUpperCase(), access.staff.actor);
    const title = say(deps, bookings.length === 0 ? 'slack.schedule.none' : 'slack.schedule.title', { date, count: bookings.length });
    await ack({ response_type: 'ephemeral', text: title, blocks: [markdown(`*${title}*`), ...bookings.flatMap((booking) => bookingRow(deps, booking))] as never });
  });

  const act = async (click: StaffClick, run: () => Promise<BookingView>, key: 'slack.booking.checked_in_by' | 'slack.booking.completed_by' | 'slack.booking.no_show_by' | 'slack.booking.approved_by' | 'slack.booking.declined_by') => {
    try {
      await run();
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return refuse(click.client, click.body.channel?.id, click.body.user.id, staffError(deps, error));
    }
    const outcome = say(deps, key, { number: click.value, name: click.staff.name, time: when(deps, new Date()) });
    const channel = click.body.channel?.id;
    if (!channel || !click.body.message) return;
    const blocks = ((click.body.message.blocks ?? []) as Block[]).map((block) => (block.block_id === rowId(click.value) ? context(outcome) : block));
    await click.client.chat.update({ channel, ts: click.body.message.ts, text: outcome, blocks: blocks as never });
  };
  const { bookings } = deps.core;
  onStaffClick(app, deps, actionIds.bookingCheckIn, 'booking.desk', (click) => act(click, () => bookings.checkIn(click.value, click.staff.actor), 'slack.booking.checked_in_by'));
  onStaffClick(app, deps, actionIds.bookingComplete, 'booking.desk', (click) => act(click, () => bookings.complete(click.value, new Map(), click.staff.actor), 'slack.booking.completed_by'));
  onStaffClick(app, deps, actionIds.bookingNoShow, 'booking.desk', (click) => act(click, () => bookings.markNoShow(click.value, click.staff.actor), 'slack.booking.no_show_by'));
  onStaffClick(app, deps, actionIds.bookingApprove, 'booking.desk', (click) => act(click, () => bookings.approve(click.value, click.staff.actor), 'slack.booking.approved_by'));
  onStaffClick(app, deps, actionIds.bookingDecline, 'booking.desk', (click) => act(click, () => bookings.decline(click.value, say(deps, 'slack.booking.decline_reason'), click.staff.actor), 'slack.booking.declined_by'));
}
