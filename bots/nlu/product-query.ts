import { looseOrderNumber } from './entities.ts';
import { pinyinOf, segmenter, stem } from './features.ts';

const chineseDigits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 俩: 2, 贰: 2, 三: 3, 仨: 3, 叁: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const chineseUnits: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** A Chinese numeral up to 9,999 (`三`, `十二`, `二十`, `一百零五`, `两千`), or null. */
export function chineseNumber(text: string): number | null {
  let total = 0;
  let digit: number | null = null;
  for (const char of text) {
    if (char in chineseDigits) digit = chineseDigits[char]!;
    else if (char in chineseUnits) {
      total += (digit ?? 1) * chineseUnits[char]!;
      digit = null;
    } else return null;
  }
  return total + (digit ?? 0);
}

// Measure words a quantity is counted in. Not 杯, 壶 or 饼: in a shop they are the goods (茶杯, 紫砂壶, 茶饼).
const measureWords = '个只盒罐包袋斤瓶套件份支条箱提块片听桶本双对张台部盏';
const chineseQuantity = new RegExp(`([零〇一二两俩三仨四五六七八九十百千壹贰叁]+|\\d{1,4})\\s*[${measureWords}]`, 'u');
// A number that is a size, not a count: `250 g`, `200ml`, `357克`.
const digitQuantity = /(?:^|[^\w.])(?:x|×)?\s*(\d{1,4})\s*(?:x|×|pcs|pieces?|boxe?s?|packs?|tins?|bags?|units?)?(?![\d.]|\s*(?:g|kg|ml|l|cl|oz|lb|克|千克|公斤|毫升|升)\b|\s*(?:克|千克|公斤|毫升|升))/iu;
const englishNumbers: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, couple: 2, pair: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, dozen: 12 };
const englishQuantity = /\b(two|couple|three|four|five|six|seven|eight|nine|ten|dozen)\b/u;

/**
 * The quantity a shopper asks for: digits (`2`, `x3`, `3 boxes`, never the `250` of `250 g`),
 * Chinese numerals with a measure word (`两盒`, `一斤`, `十包`), English words (`two`,
 * `a couple of`, `a dozen`). Undefined when none is given.
 */
export function quantityIn(text: string): number | undefined {
  const normalised = text.normalize('NFKC').toLowerCase().replace(new RegExp(looseOrderNumber.source, 'giu'), ' ');
  const chinese = chineseQuantity.exec(normalised);
  if (chinese) {
    const value = /^\d+$/.test(chinese[1]!) ? Number(chinese[1]) : chineseNumber(chinese[1]!);
    if (value && value > 0) return value;
  }
  const digits = digitQuantity.exec(normalised);
  if (digits && Number(digits[1]) > 0) return Number(digits[1]);
  const word = englishQuantity.exec(normalised);
  return word ? englishNumbers[word[1]!] : undefined;
}

// Words of asking and buying, not of what is bought.
const englishStop = new Set(`a an the i me my mine we us our you your u ur it its this that these those there here some any of for to in on at by with and or but
  please pls plz thx thanks thank can could would will shall should may might do does did doing done have has had having got get getting need needs want wants wanna
  like love id im ive ill looking look see show find search searching browse buy buying bought purchase order ordering add put throw give send sell sells selling sold
  carry carrying stock stocked is are was were be been am more another other else one ones cart basket bag trolley into onto let lets how much many price prices cost
  costs what whats which who where available availability hey hi hello hiya just also too really very nice good great kind sort type x pcs piece pieces box boxes pack
  packs packet tin tins couple dozen two three four five six seven eight nine ten pair pairs each per if not no yes ok okay maybe something anything stuff thing things
  item items product products shop store sale offer offers today now them they he she him her`.split(/\s+/));
const chineseStop = new Set(`我 我们 你 你们 您 他 她 它 想 想要 要 需要 买 购买 来 来点 加 加入 加到 放 放进 放到 购物车 车 里 里面 有 有没有 没有 有无 吗 呢 吧 啊 呀 嘛 哈 卖 卖不卖
  请 请问 帮 帮我 一下 给 给我 多少钱 多少 价格 价钱 钱 的 了 还 还有 再 些 一些 这个 那个 哪个 什么 看看 看 找 搜 搜索 能 能不能 可以 下单 订 订购 你好 谢谢 家
  店 这里 这儿 你家 你们家 东西 商品 货 点 一点 几 份 个 就 也 都 和 跟 与 或 或者 是 不是 在 现在 今天 好 好的 行 麻烦 一起 最 新 款 种 样 还是 一个 两个 吃 喝 用`.split(/\s+/));

/**
 * The words of a message that may name a product, each in the forms it may match: Chinese
 * words (jieba) with their pinyin, Latin words with their stem. Asking and buying words,
 * quantities, sizes and order numbers are left out: `来两盒龙井` → [[龙井, longjing]],
 * `do you sell teapots` → [[teapots, teapot]].
 */
export function productTerms(text: string): string[][] {
  const normalised = text.normalize('NFKC').toLowerCase()
    .replace(new RegExp(looseOrderNumber.source, 'giu'), ' ')
    .replace(new RegExp(chineseQuantity.source, 'gu'), ' ')
    .replace(/\d+(?:\.\d+)?\s*(?:(?:g|kg|ml|l|cl|oz|lb)\b|克|千克|公斤|毫升|升)?/gu, ' ');
  const terms: string[][] = [];
  for (const run of normalised.match(/\p{Script=Han}+/gu) ?? []) {
    // Single characters next to each other are one word jieba did not know (`龙景`, a typo of 龙井).
    const words = segmenter().cut(run, false).filter((word) => !chineseStop.has(word))
      .reduce<string[]>((joined, word) => {
        const last = joined.at(-1);
        if (last !== undefined && word.length === 1 && [...last].length === 1) joined[joined.length - 1] = last + word;
        else joined.push(word);
        return joined;
      }, []);
    for (const word of words) terms.push([word, pinyinOf(word)]);
  }
  for (const word of normalised.replace(/\p{Script=Han}+/gu, ' ').match(/[a-z]+/g) ?? []) {
    if (word.length >= 2 && !englishStop.has(word)) terms.push([...new Set([word, stem(word)])]);
  }
  return terms.slice(0, 12);
}
