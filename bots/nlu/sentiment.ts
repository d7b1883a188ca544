/**
 * Words of someone at the end of their patience, in English and Chinese: a threat to go to the
 * authorities or a lawyer, an accusation of cheating, insults. One is a sign; two, or one
 * shouted, make a message urgent.
 */
const strongWords = [
  /\b(terrible|awful|horrible|worst|disgusting|furious|outraged|unacceptable|scam|scammers?|fraud|frauds|cheat(ed|ers?)?|ridiculous|rubbish|garbage|useless|pathetic|shameful|disgrace(ful)?|livid|fuming|wtf|hate)\b/giu,
  /\b(never (again|buying|order(ing)?)|sue you|my lawyer|the police|report you|consumer (council|association)|chargeback|money back now)\b/giu,
  /垃圾|骗子|骗人|欺骗|气死|太差|差劲|恶心|坑人|坑爹|黑店|无良|忍无可忍|再也不|工商|12315|消协|消费者协会|律师|报警|举报|曝光|滚|退钱|还钱|什么破|破玩意|烂透|不要脸|无语/gu,
];

/**
 * Whether a message is strongly negative: at least two strong words, or one with shouting
 * (three exclamation marks, or two words in capitals). Staff see such a ticket as urgent.
 */
export function stronglyNegative(text: string): boolean {
  const normalised = text.normalize('NFKC');
  const strong = strongWords.reduce((count, pattern) => count + (normalised.match(pattern)?.length ?? 0), 0);
  const shouting = (normalised.match(/[!！]/g)?.length ?? 0) >= 3 || (normalised.match(/\b[A-Z]{3,}\b/g)?.length ?? 0) >= 2;
  return strong >= 2 || (strong >= 1 && shouting);
}
