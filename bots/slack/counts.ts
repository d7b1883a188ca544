import type { App, ViewSubmitAction } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import type { CountView } from '../../core/inventory/index.ts';
import { t } from '../i18n/index.ts';
import { actionIds, decidedBlocks, markdown, plain, viewIds, type Block } from './blocks.ts';
import { authorizeStaff, onStaffClick, refuse, say, sayInChannel, staffError, type ConsoleDeps } from './console.ts';

/** Slack limits a modal to 100 blocks; bigger counts are entered through the API. */
const maxModalLines = 90;

function countModal(deps: ConsoleDeps, count: CountView): Block {
  return {
    type: 'modal', callback_id: viewIds.count, private_metadata: String(count.id),
    title: plain(say(deps, 'slack.count.title', { id: count.id }).slice(0, 24)),
    submit: plain(t(deps.locale, 'slack.modal.submit')), close: plain(t(deps.locale, 'slack.modal.cancel')),
    blocks: count.lines.slice(0, maxModalLines).map((line, index) => ({
      type: 'input', block_id: `line_${index}`, optional: true,
      label: plain(say(deps, 'slack.count.line', { sku: line.sku, expected: line.expected })),
      element: { type: 'number_input', action_id: 'value', is_decimal_allowed: false, min_value: '0', ...(line.counted !== null && { initial_value: String(line.counted) }) },
    })),
  };
}

/**
 * `/count new [A|B|C|SKU …]` opens a count at the default warehouse (announced in the ops
 * channel). `/count <id>`: a modal with one field per SKU of an open count; the submission records the
 * counted quantities (nothing posted yet) and posts the variance with an Approve button to the
 * managers' channel (SLACK_MANAGERS_CHANNEL; else the counter's DM), where a manager posts the
 * adjustments (anyone else is refused).
 */
export function registerCounts(app: App, deps: ConsoleDeps): void {
  const { inventory } = deps.core;

  app.command('/count', async ({ ack, command, client }) => {
    const access = await authorizeStaff(deps, command.user_id, 'stock.count');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const [first = '', ...rest] = command.text.trim().split(/\s+/);
    if (first.toLowerCase() === 'new') {
      // `/count new` (everything stocked), `/count new A` (an ABC class) or `/count new SKU …`, at the default warehouse.
      const abcClass = rest.length === 1 && /^[ABC]$/i.test(rest[0]!) ? (rest[0]!.toUpperCase() as 'A' | 'B' | 'C') : undefined;
      try {
        const opened = await inventory.openCount({ abcClass, skus: !abcClass && rest.length > 0 ? rest : undefined, actor: access.staff.actor });
        return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.count.opened', { id: opened.id, warehouse: opened.warehouse, lines: opened.lines.length }) }));
      } catch (error) {
        if (!isAppError(error) || error.kind === 'unavailable') throw error;
        return void (await ack({ response_type: 'ephemeral', text: staffError(deps, error) }));
      }
    }
    const id = Number(first);
    const count = Number.isSafeInteger(id) && id > 0 ? await inventory.getCount(id, access.staff.actor).catch(() => null) : null;
    if (!count || count.status !== 'open') return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.count.not_found', { id: command.text.trim() }) }));
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: countModal(deps, count) as never });
  });

  app.view<ViewSubmitAction>(viewIds.count, async ({ ack, body, view, client }) => {
    const access = await authorizeStaff(deps, body.user.id, 'stock.count');
    if ('refusal' in access) return void (await ack({ response_action: 'errors', errors: { line_0: access.refusal } }));
    const count = await inventory.getCount(Number(view.private_metadata), access.staff.actor);
    const entries: Array<{ sku: string; counted: number }> = [];
    const errors: Record<string, string> = {};
    count.lines.slice(0, maxModalLines).forEach((line, index) => {
      const raw = view.state.values[`line_${index}`]?.value?.value;
      if (raw === undefined || raw === null || raw === '') return;
      if (!/^\d{1,9}$/.test(raw)) errors[`line_${index}`] = say(deps, 'slack.error.counted');
      else entries.push({ sku: line.sku, counted: Number(raw) });
    });
    if (Object.keys(errors).length > 0) return void (await ack({ response_action: 'errors', errors }));
    await ack();
    const recorded = entries.length > 0 ? await inventory.recordCounted(count.id, entries, access.staff.actor) : count;
    const lines = recorded.lines.filter((line) => line.counted !== null)
      .map((line) => say(deps, 'slack.count.variance', { sku: line.sku, counted: line.counted!, variance: line.variance! > 0 ? `+${line.variance}` : String(line.variance) }));
    // The approval goes to the managers' channel (shop language); without one, to the counter's DM.
    const inChannel = deps.managersChannel !== undefined;
    const speak = inChannel ? sayInChannel : say;
    const text = speak(deps, 'slack.count.recorded', { id: count.id, warehouse: count.warehouse, lines: lines.join(', ') });
    await client.chat.postMessage({ channel: deps.managersChannel ?? body.user.id, text, blocks: [markdown(text), { type: 'actions', elements: [
      { type: 'button', text: plain(speak(deps, 'slack.count.approve')), action_id: actionIds.approveCount, value: String(count.id), style: 'primary' },
    ] }] as never });
    if (inChannel) await client.chat.postMessage({ channel: body.user.id, text: say(deps, 'slack.count.sent', { id: count.id }) });
  });

  onStaffClick(app, deps, actionIds.approveCount, 'stock.adjust', async ({ body, value, client, staff }) => {
    const channel = body.channel?.id;
    let approved: CountView;
    try {
      approved = await inventory.approveCount(Number(value), staff.actor);
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      return refuse(client, channel, body.user.id, staffError(deps, error));
    }
    const adjustments = approved.lines.filter((line) => line.variance !== null && line.variance !== 0).length;
    const outcome = say(deps, 'slack.count.approved', { id: approved.id, name: staff.name, adjustments });
    if (channel && body.message) await client.chat.update({ channel, ts: body.message.ts, text: outcome, blocks: decidedBlocks((body.message.blocks ?? []) as Block[], outcome) as never });
  });
}
