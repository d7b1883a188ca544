import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { localDate } from '../../core/shared/calendar.ts';
import type { FleetRoute } from '../../core/logistics/index.ts';
import { actionIds, button, context, markdown, type Block } from './block-kit.ts';
import { authorizeStaff, onStaffClick, refuse, say, staffError, when, type ConsoleDeps, type StaffClick } from './console.ts';
import { escapeMrkdwn } from './escape.ts';

const kg = (grams: number) => Math.round(grams / 100) / 10;

/** The day's routes: totals per vehicle, each stop still to do with a button per other vehicle to move it there. */
function fleetBlocks(deps: ConsoleDeps, date: string, routes: FleetRoute[]): Block[] {
  const title = say(deps, routes.length === 0 ? 'slack.fleet.none' : 'slack.fleet.title', { date, count: routes.length });
  return [
    markdown(`*${title}*`),
    { type: 'actions', block_id: 'fleet_actions', elements: [button(say(deps, 'slack.fleet.plan'), actionIds.fleetPlan, date, 'primary')] },
    ...routes.flatMap((route) => [
      markdown(say(deps, 'slack.fleet.route', {
        vehicle: escapeMrkdwn(route.vehicle), driver: escapeMrkdwn(route.driver ?? '—'), stops: route.stops.length, km: Math.round(route.distanceKm * 10) / 10,
        load: kg(route.stops.reduce((sum, stop) => sum + stop.weightGrams, 0)), capacity: kg(route.capacityGrams),
      })),
      ...route.stops.flatMap((stop) => {
        const line = context(say(deps, 'slack.fleet.stop', { n: stop.sequence, number: stop.orderNumber, customer: escapeMrkdwn(stop.customer), address: escapeMrkdwn(stop.address), status: stop.status }));
        const others = routes.filter((each) => each.vehicleId !== route.vehicleId && each.warehouseId === route.warehouseId);
        if (stop.status !== 'pending' || others.length === 0) return [line];
        return [line, { type: 'actions', block_id: `fleet_stop_${stop.id}`, elements: others.map((each) => button(say(deps, 'slack.fleet.move', { vehicle: each.vehicle }), actionIds.fleetMove, `${stop.id}:${each.vehicle}`)) }];
      }),
    ]),
  ];
}

/**
 * The dispatcher's view in Slack (`fleet.dispatch`: supervisors, managers, admins): `/fleet
 * [date]` lists the day's routes with their totals and stops; *Plan now* plans the day (again: new
 * parcels are inserted); *→ VAN2* moves a stop still to do to another vehicle (audited; both drivers
 * get their new list). Refusals are told to the clicker alone.
 */
export function registerFleet(app: App, deps: ConsoleDeps): void {
  app.command('/fleet', async ({ ack, command }) => {
    const access = await authorizeStaff(deps, command.user_id, 'fleet.dispatch');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const asked = command.text.trim();
    const date = /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : localDate(new Date(), deps.timeZone);
    const routes = await deps.core.fleet.routes(date, access.staff.actor);
    await ack({ response_type: 'ephemeral', text: say(deps, routes.length === 0 ? 'slack.fleet.none' : 'slack.fleet.title', { date, count: routes.length }), blocks: fleetBlocks(deps, date, routes) as never });
  });

  const answer = async (click: StaffClick, work: () => Promise<string>) => {
    let outcome: string;
    try {
      outcome = await work();
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return refuse(click.client, click.body.channel?.id, click.body.user.id, staffError(deps, error));
    }
    const channel = click.body.channel?.id;
    if (channel) await click.client.chat.postEphemeral({ channel, user: click.body.user.id, text: outcome });
  };
  onStaffClick(app, deps, actionIds.fleetPlan, 'fleet.dispatch', (click) => answer(click, async () => {
    const plan = await deps.core.fleet.planDay(click.value, click.staff.actor);
    return say(deps, 'slack.fleet.planned', { name: click.staff.name, routes: plan.routes.length, unplanned: plan.unplanned.length });
  }));
  onStaffClick(app, deps, actionIds.fleetMove, 'fleet.dispatch', (click) => answer(click, async () => {
    const [stop, vehicle] = click.value.split(':');
    const moved = await deps.core.fleet.moveStop(Number(stop), vehicle ?? '', click.staff.actor);
    return `${say(deps, 'slack.fleet.moved', { number: moved.orderNumber, from: moved.from, to: moved.to, name: click.staff.name })} (${when(deps, new Date())})`;
  }));
}
