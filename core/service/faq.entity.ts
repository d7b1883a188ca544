import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A question customers ask and the shop's answer, in English and Chinese, edited by staff
 * (Slack `/faq`). An answer may name `{fee}`, `{freeFrom}`, `{methods}` and `{minutes}`: the
 * chat fills them from the shop's settings. `keywords` (comma-separated, either language) match
 * a customer's message outright.
 */
export const FaqEntry = defineEntity({
  name: 'FaqEntry',
  tableName: 'faq_entry',
  properties: {
    id: p.integer().primary().autoincrement(),
    topic: p.string().length(40).unique(),
    question: p.string().length(300),
    questionZh: p.string().length(300).nullable(),
    answer: p.text(),
    answerZh: p.text().nullable(),
    keywords: p.string().length(500).nullable(),
    active: p.boolean().default(true),
    updatedBy: p.string().length(64).nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type FaqEntry = InferEntity<typeof FaqEntry>;
