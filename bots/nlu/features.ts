import { createRequire } from 'node:module';
import { StemmerEn } from '@nlpjs/lang-en-min';
import { pinyin } from 'pinyin-pro';
import type { Jieba } from '@node-rs/jieba';
import { conceptFeatures } from './concepts.ts';
import { looseOrderNumber } from './entities.ts';

const require = createRequire(import.meta.url);
const stemmer = new StemmerEn();

/** An English word's Snowball stem (`teapots` → `teapot`). */
export const stem = (word: string): string => stemmer.stemWord(word);
let jieba: Jieba | undefined;

/**
 * The Chinese segmenter (jieba with its dictionary), loaded on first use: loading the dictionary
 * takes about a second, which a process that never reads Chinese should not pay.
 */
export function segmenter(): Jieba {
  if (!jieba) {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
}

const han = /\p{Script=Han}+/gu;
const orderLike = new RegExp(looseOrderNumber.source, 'giu');
const url = /\bhttps?:\/\/\S+|\bwww\.\S+/giu;

/**
 * Text as the classifier reads it: NFKC (full-width letters and digits become ASCII), lower
 * case, order numbers and links replaced by placeholders (which order is an entity, not a clue
 * to the intent).
 */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(orderLike, ' ordernumber ').replace(url, ' link ');
}

/** Pinyin without tones of Chinese text, syllables joined (`退货` → `tuihuo`). */
export function pinyinOf(text: string): string {
  return pinyin(text, { toneType: 'none', separator: '', nonZh: 'removed', v: true });
}

/**
 * Sparse features of one message for the intent classifier, built to survive how people write:
 * - Chinese: jieba's words, single characters and character pairs, and each word's pinyin, so
 *   a message typed in pinyin (`tuihuo`, `rengong kefu`) meets the Chinese it stands for;
 * - Latin script: stemmed words, the words and adjacent pairs as possible pinyin, and character
 *   trigrams, so a typo (`cancle`, `chekout`) still shares most features with the word;
 * - digits, emoji and placeholders (`ordernumber`, `link`) as tokens of their own.
 */
export function features(text: string, correct: (word: string) => string = (word) => word): Record<string, number> {
  const input: Record<string, number> = {};
  const add = (feature: string, weight = 1) => {
    input[feature] = Math.max(input[feature] ?? 0, weight);
  };
  // Misspelt words are corrected first, so the concepts see them too.
  const normalised = normalise(text).replace(/[a-z']+/g, (word) => correct(word));
  for (const concept of conceptFeatures(normalised)) add(concept, 1.5);
  for (const run of normalised.match(han) ?? []) {
    const chars = [...run];
    for (const char of chars) add(`h:${char}`, 0.5);
    for (let i = 0; i + 1 < chars.length; i += 1) add(`b:${chars[i]}${chars[i + 1]}`, 0.7);
    for (const word of segmenter().cut(run, false)) {
      add(`w:${word}`);
      add(`p:${pinyinOf(word)}`);
    }
  }
  const words = normalised.replace(han, ' ').match(/[a-z0-9']+|\p{Extended_Pictographic}/gu) ?? [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!.replace(/'/g, '');
    if (/^\p{Extended_Pictographic}$/u.test(word)) {
      add(`e:${word}`);
      continue;
    }
    if (/^\d+$/.test(word)) {
      add(word.length >= 7 ? 'd:long' : 'd:num');
      continue;
    }
    add(`w:${stem(word)}`);
    add(`p:${word}`);
    const next = words[i + 1];
    if (next && /^[a-z']+$/.test(next)) add(`p:${word}${next.replace(/'/g, '')}`, 0.8);
    const padded = `^${word}$`;
    for (let j = 0; j + 3 <= padded.length; j += 1) add(`g:${padded.slice(j, j + 3)}`, 0.3);
  }
  if (Object.keys(input).length === 0) add('empty');
  return input;
}
