import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceContext } from '../shared/service-context.ts';
import type { Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import { audit } from '../shared/audit.ts';
import { AppError } from '../shared/errors.ts';
import { FaqEntry } from './faq.entity.ts';

export interface FaqView {
  topic: string;
  question: string;
  questionZh: string | null;
  answer: string;
  answerZh: string | null;
  keywords: string | null;
  active: boolean;
}

export type FaqInput = Omit<FaqView, 'topic'>;

export interface FaqMatch {
  entry: FaqView;
  /** A keyword staff gave is in the message (a deliberate match), or the question is close to it. */
  by: 'keyword' | 'question';
  /** 1 for a keyword; else the trigram similarity of the question (0.45 to 1). */
  score: number;
}

/** Below this trigram similarity a question does not match a message. */
const matchAt = 0.45;

/** The shop's questions and answers, kept in PostgreSQL and edited by staff. */
export interface FaqService {
  /** Every entry (active ones first), by topic. */
  entries(): Promise<FaqView[]>;
  /** One active entry, or null. */
  entry(topic: string): Promise<FaqView | null>;
  /**
   * The active entry a customer's message asks, or null: a keyword found in it (`by: keyword`),
   * or a question close to it (trigram similarity, either language).
   */
  match(message: string): Promise<FaqMatch | null>;
  /** Creates or changes an entry (managers), audited with the fields before and after. */
  save(topic: string, input: FaqInput, actor: Actor): Promise<FaqView>;
}

const toView = (entry: FaqEntry): FaqView => ({
  topic: entry.topic, question: entry.question, questionZh: entry.questionZh ?? null, answer: entry.answer, answerZh: entry.answerZh ?? null,
  keywords: entry.keywords ?? null, active: entry.active,
});

async function matchEntry(em: EntityManager, message: string): Promise<FaqMatch | null> {
  const text = message.normalize('NFKC').toLowerCase().slice(0, 1000);
  const [row] = await em.execute<Array<{ topic: string; question: string; question_zh: string | null; answer: string; answer_zh: string | null; keywords: string | null; keyword: boolean; score: number }>>(
    `select f.topic, f.question, f.question_zh, f.answer, f.answer_zh, f.keywords, m.keyword,
            greatest(similarity(lower(f.question), ?), similarity(coalesce(f.question_zh, ''), ?), case when m.keyword then 1 else 0 end) as score
       from faq_entry f
       cross join lateral (select exists (select 1 from unnest(string_to_array(lower(coalesce(f.keywords, '')), ',')) as k(word)
                                           where length(trim(k.word)) >= 2 and strpos(?, trim(k.word)) > 0) as keyword) m
      where f.active order by score desc, f.topic limit 1`,
    [text, text, text],
  );
  if (!row || Number(row.score) < matchAt) return null;
  const entry: FaqView = {
    topic: row.topic, question: row.question, questionZh: row.question_zh, answer: row.answer, answerZh: row.answer_zh, keywords: row.keywords, active: true,
  };
  return { entry, by: row.keyword ? 'keyword' : 'question', score: Number(row.score) };
}

export function createFaqService({ uow }: ServiceContext): FaqService {
  return {
    entries: () => uow.read(async (em) => (await em.find(FaqEntry, {}, { orderBy: { active: 'desc', topic: 'asc' } })).map(toView)),
    entry: (topic) => uow.read(async (em) => {
      const found = await em.findOne(FaqEntry, { topic, active: true });
      return found ? toView(found) : null;
    }),
    match: (message) => uow.read((em) => matchEntry(em, message)),
    save: async (topic, input, actor) => {
      authorize(actor, 'faq.write');
      if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(topic)) throw new AppError('invalid_input', 'A topic is 1 to 40 lower-case letters, digits, - or _', { topic });
      return uow.write(async (tx) => {
        const existing = await tx.findOne(FaqEntry, { topic });
        const before = existing ? { ...toView(existing) } : null;
        const entry = existing ? tx.assign(existing, { ...input, updatedBy: actor.id ?? null }) : tx.create(FaqEntry, { topic, ...input, updatedBy: actor.id ?? null });
        audit(tx, actor, { entityType: 'faq', entityId: topic, action: existing ? 'faq.updated' : 'faq.created', before, after: { ...input } });
        await tx.flush();
        return toView(entry);
      });
    },
  };
}
