import type { EntityManager } from '@mikro-orm/postgresql';
import { itemColumns, toItem, type CatalogItem } from './catalog.queries.ts';

/**
 * One word of what a shopper wrote, in the forms it may match (as written, its stem, its
 * pinyin): the best-matching form counts.
 */
export type SearchTerm = readonly string[];

export interface SearchHit extends CatalogItem {
  /** Summed over the words it matched, 1 each at best (a category's name counts 0.8). */
  score: number;
}

/** Below this a word does not count as matching a product (trigram word similarity, 0 to 1). */
const matchAt = 0.6;

/**
 * Active products matching the shopper's words, best first: by name (English or Chinese),
 * alias, pinyin of the Chinese name, or the category's names (a little lower). Chinese words
 * match as substrings; Latin words by trigram word similarity (`pg_trgm`), which forgives a
 * typo or a plural (`teapots`, `longjin`). One statement; the catalogue is scanned, which suits
 * a shop's few thousand products.
 */
export async function searchCatalog(em: EntityManager, terms: readonly SearchTerm[], limit: number): Promise<SearchHit[]> {
  const forms = terms.flatMap((term, group) => term.map((form) => ({ form: form.normalize('NFKC').toLowerCase(), group })))
    .filter(({ form }) => form.length > 0 && form.length <= 100).slice(0, 60);
  if (forms.length === 0) return [];
  const rows = await em.execute<Array<Record<string, any>>>(
    `with form as (
       select f.text, f.grp, f.text ~ '[^\\x01-\\x7f]' as wide from jsonb_to_recordset(?::jsonb) as f(text text, grp int)
     ), doc as (
       select p.id, lower(concat_ws(' ', p.name, p.name_zh, p.aliases, p.search_keys)) as own,
              lower(concat_ws(' ', p.category, c.name, c.name_zh, c.search_keys)) as kind
         from product p left join product_category c on c.code = p.category where p.active
     ), scored as (
       select d.id, sum(m.best) as score from doc d
       cross join lateral (
         select max(greatest(
                  case when f.wide and strpos(d.own, f.text) > 0 then 1 else word_similarity(f.text, d.own) end,
                  0.8 * case when f.wide and strpos(d.kind, f.text) > 0 then 1 else word_similarity(f.text, d.kind) end)) as best
           from form f group by f.grp
       ) m
       where m.best >= ${matchAt}
       group by d.id
     )
     select ${itemColumns}, s.score from scored s join product p on p.id = s.id order by s.score desc, p.name, p.id limit ?`,
    [JSON.stringify(forms.map(({ form, group }) => ({ text: form, grp: group }))), limit],
  );
  return rows.map((row) => ({ ...toItem(row), score: Number(row.score) }));
}
