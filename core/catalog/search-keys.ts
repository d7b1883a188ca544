import { pinyin } from 'pinyin-pro';

const han = /\p{Script=Han}+/gu;

/**
 * What a product or category is also found by, beyond its names: the pinyin (no tones, `ü` as
 * `v`) of its Chinese, so a shopper typing pinyin or a Chinese homophone (`龙景`) still finds
 * it. Each run of Chinese gives its whole pinyin and that of every 2 to 4 characters in it
 * (`宜兴紫砂壶` → `yixingzishahu`, `yixing`, `zisha`, `shahu`, …): the words a shopper types
 * without the name being segmented. Empty when the texts have no Chinese.
 */
export function searchKeys(...texts: Array<string | null | undefined>): string {
  const keys = new Set<string>();
  for (const run of texts.flatMap((text) => text?.normalize('NFKC').match(han) ?? [])) {
    const syllables = pinyin(run, { toneType: 'none', type: 'array', v: true });
    keys.add(syllables.join(''));
    for (let size = 2; size <= 4 && size < syllables.length; size += 1) {
      for (let start = 0; start + size <= syllables.length; start += 1) keys.add(syllables.slice(start, start + size).join(''));
    }
  }
  return [...keys].join(' ');
}
