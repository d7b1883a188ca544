import type { App, ViewSubmitAction } from '@slack/bolt';
import type { FaqView } from '../../core/service/index.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { enteredText, input, markdown, plain, textInput as text, tickedOptions, viewIds, type Block, type ModalValues } from './blocks.ts';
import { escapeMrkdwn } from './escape.ts';
import { authorizeStaff, say, staffError, type ConsoleDeps } from './console.ts';

const topicPattern = /^[a-z0-9][a-z0-9_-]{0,39}$/;

function faqModal(deps: ConsoleDeps, topic: string, entry: FaqView | null): Block {
  return {
    type: 'modal', callback_id: viewIds.faq, private_metadata: topic,
    title: plain(say(deps, entry ? 'slack.faq.edit' : 'slack.faq.new').slice(0, 24)),
    submit: plain(say(deps, 'slack.modal.submit')), close: plain(say(deps, 'slack.modal.cancel')),
    blocks: [
      markdown(`*${escapeMrkdwn(topic)}*\n${say(deps, 'slack.faq.placeholders')}`),
      input('question', say(deps, 'slack.faq.question'), text(entry?.question, 300)),
      input('questionZh', say(deps, 'slack.faq.question_zh'), text(entry?.questionZh, 300), true),
      input('answer', say(deps, 'slack.faq.answer'), text(entry?.answer, 2000, true)),
      input('answerZh', say(deps, 'slack.faq.answer_zh'), text(entry?.answerZh, 2000, true), true),
      input('keywords', say(deps, 'slack.faq.keywords'), text(entry?.keywords, 500), true),
      input('flags', say(deps, 'slack.product.options'), { type: 'checkboxes', options: [{ text: plain(say(deps, 'slack.faq.active')), value: 'active' }],
        ...((!entry || entry.active) && { initial_options: [{ text: plain(say(deps, 'slack.faq.active')), value: 'active' }] }) }, true),
    ],
  };
}

/** The entries as a list for the asker: topic, the question in the staff member's language, hidden ones marked. */
function listing(deps: ConsoleDeps, entries: FaqView[]): string {
  if (entries.length === 0) return say(deps, 'slack.faq.none');
  const rows = entries.map((entry) => `• \`${entry.topic}\` ${escapeMrkdwn((deps.locale === 'zh-CN' ? entry.questionZh : null) ?? entry.question)}${entry.active ? '' : ` _(${say(deps, 'slack.faq.hidden')})_`}`);
  return [say(deps, 'slack.faq.title'), ...rows, say(deps, 'slack.faq.usage')].join('\n');
}

/**
 * `/faq`: the questions and answers the chat gives (managers; core checks again). Without an
 * argument, the list; `/faq <topic>` opens a modal to write or change that entry in both
 * languages, with the keywords that match it outright; saving is audited.
 */
export function registerFaq(app: App, deps: ConsoleDeps): void {
  app.command('/faq', async ({ ack, command, client }) => {
    const access = await authorizeStaff(deps, command.user_id, 'faq.write');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const topic = command.text.trim().toLowerCase();
    if (topic === '') return void (await ack({ response_type: 'ephemeral', text: listing(deps, await deps.core.faq.entries()) }));
    if (!topicPattern.test(topic)) return void (await ack({ response_type: 'ephemeral', text: say(deps, 'slack.faq.usage') }));
    const entry = (await deps.core.faq.entries()).find((each) => each.topic === topic) ?? null;
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: faqModal(deps, topic, entry) as never });
  });

  app.view<ViewSubmitAction>(viewIds.faq, async ({ ack, body, view, client }) => {
    const access = await authorizeStaff(deps, body.user.id, 'faq.write');
    if ('refusal' in access) return void (await ack({ response_action: 'errors', errors: { question: access.refusal } }));
    const values = view.state.values as ModalValues;
    const entered = (block: string) => enteredText(values, block);
    const errors: Record<string, string> = {};
    if (!entered('question')) errors.question = say(deps, 'slack.error.required');
    if (!entered('answer')) errors.answer = say(deps, 'slack.error.required');
    if (Object.keys(errors).length > 0) return void (await ack({ response_action: 'errors', errors }));
    const topic = view.private_metadata;
    try {
      await deps.core.faq.save(topic, {
        question: entered('question'), questionZh: entered('questionZh') || null, answer: entered('answer'), answerZh: entered('answerZh') || null,
        keywords: entered('keywords') || null, active: tickedOptions(values, 'flags').has('active'),
      }, access.staff.actor);
      await ack();
      await client.chat.postMessage({ channel: body.user.id, text: say(deps, 'slack.faq.saved', { topic }) });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      await ack({ response_action: 'errors', errors: { question: staffError(deps, error) } });
    }
  });
}
