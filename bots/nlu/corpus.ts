import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every intent the chat understands from free text; `none` is everything else. */
export const intentNames = [
  'greeting', 'thanks', 'help', 'catalog', 'product_search', 'add_to_cart', 'cart', 'checkout', 'track', 'my_orders', 'cancel',
  'return', 'faq_returns', 'complain', 'human', 'faq_shipping', 'faq_payment', 'language', 'book', 'my_bookings', 'none',
] as const;
export type IntentName = (typeof intentNames)[number];

export type CorpusLanguage = 'en' | 'zh-CN';
export const corpusLanguages: CorpusLanguage[] = ['en', 'zh-CN'];

/** One labelled message of the corpus. */
export interface Utterance {
  text: string;
  intent: IntentName;
  language: CorpusLanguage;
}

const corpusDir = join(import.meta.dirname, 'corpus');

/** The corpus kept in the repository (`bots/nlu/corpus/<language>.json`: intent → messages). */
export function loadCorpus(): Utterance[] {
  return corpusLanguages.flatMap((language) => {
    const byIntent = JSON.parse(readFileSync(join(corpusDir, `${language}.json`), 'utf8')) as Record<string, string[]>;
    return intentNames.flatMap((intent) => (byIntent[intent] ?? []).map((text) => ({ text, intent, language })));
  });
}

/**
 * Whether a message belongs to the held-out split (about one in five, fixed by a hash of its
 * text, so adding messages never moves others between the splits). The evaluation measures on
 * these and trains on the rest; the service trains on everything.
 */
export function heldOut(utterance: Utterance): boolean {
  return createHash('sha256').update(utterance.text).digest()[0]! % 5 === 0;
}

/** A fingerprint of the corpus and the feature version, naming a trained model. */
export function corpusHash(utterances: Utterance[], featureVersion: number): string {
  const hash = createHash('sha256').update(String(featureVersion));
  for (const { text, intent } of utterances) hash.update(`${intent}\u0000${text}\u0000`);
  return hash.digest('hex').slice(0, 16);
}
