import { Migration } from '@mikro-orm/migrations';

/** A seeded answer: topic, question and answer in both languages, keywords. */
const seeded: Array<[string, string, string, string, string, string]> = [
  ['shipping', 'How long does delivery take and what does it cost?', '多久能到？运费多少？',
    'We ship within one working day. Delivery takes 1–3 days in mainland China. Delivery costs {fee}, and is free from {freeFrom}.',
    '我们在一个工作日内发货，中国大陆地区 1–3 天送达。运费 {fee}，满 {freeFrom} 包邮。', 'shipping fee, delivery cost, free shipping, 运费, 包邮, 邮费'],
  ['payment', 'How can I pay?', '怎么付款？',
    'You can pay: {methods}. You choose when you check out.',
    '支持以下付款方式：{methods}。结算时选择即可。', 'payment methods, pay with, 付款方式, 支付方式'],
  ['returns', 'Can I return something?', '可以退货吗？',
    'Unused goods can be returned within 7 days of delivery. Talk to a person and we will arrange the pick-up and refund.',
    '未使用的商品在签收后 7 天内可以退货。请联系人工客服，我们会安排上门取件和退款。', 'return policy, 退货政策, 七天无理由'],
];

/**
 * FAQ answers as data (issue 26): questions and answers in English and Chinese, edited by staff
 * from Slack (`/faq`), matched by keywords and trigram similarity. Seeded with the three answers
 * the chat had built in.
 */
export class Migration20261206271000_faq_entries extends Migration {

  override name = 'Migration20261206271000_faq_entries';

  override up(): void | Promise<void> {
    this.addSql(`create table "faq_entry" ("id" serial primary key, "topic" varchar(40) not null, "question" varchar(300) not null, "question_zh" varchar(300) null, "answer" text not null, "answer_zh" text null, "keywords" varchar(500) null, "active" boolean not null default true, "updated_by" varchar(64) null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "faq_entry" add constraint "faq_entry_topic_unique" unique ("topic");`);
    const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
    for (const [topic, question, questionZh, answer, answerZh, keywords] of seeded) {
      this.addSql(`insert into "faq_entry" ("topic", "question", "question_zh", "answer", "answer_zh", "keywords", "updated_at") values (${[topic, question, questionZh, answer, answerZh, keywords].map(quote).join(', ')}, now());`);
    }
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "faq_entry" cascade;`);
  }
}
