/**
 * `npm run eval:nlu`: the intent classifier on the held-out split of its corpus (never trained
 * on): accuracy per language and per intent, the fallback rate, the confusion matrix and every
 * miss. Exits 1 when a language is below 90 %.
 */
import { intentNames } from './corpus.ts';
import { evaluate } from './evaluation.ts';

const minimum = 0.9;
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const result = evaluate();
const out: string[] = [`trained on ${result.trained} messages; held out:`];
for (const [language, figures] of Object.entries(result.languages)) {
  out.push(`  ${language.padEnd(6)} ${String(figures.messages).padStart(4)} messages  accuracy ${percent(figures.accuracy)}  fallback to "not understood" ${percent(figures.fallbackRate)}`);
}
out.push('', 'per intent:');
for (const [intent, figures] of Object.entries(result.intents)) out.push(`  ${intent.padEnd(15)} ${String(figures.messages).padStart(3)}  ${percent(figures.accuracy)}`);
out.push('', 'confusion (rows: expected, columns: predicted; only intents with a miss):');
const short = (intent: string) => intent.slice(0, 6).padStart(6);
const rows = intentNames.filter((intent) => Object.keys(result.confusion[intent]).some((predicted) => predicted !== intent));
out.push(`${''.padEnd(16)}${intentNames.map(short).join(' ')}`);
for (const intent of rows) out.push(`  ${intent.padEnd(14)}${intentNames.map((predicted) => String(result.confusion[intent][predicted] ?? '.').padStart(6)).join(' ')}`);
out.push('', `misses (${result.misses.length}):`);
for (const miss of result.misses) out.push(`  [${miss.language}] ${miss.expected} → ${miss.predicted}: ${JSON.stringify(miss.text)}`);
process.stdout.write(`${out.join('\n')}\n`);
const below = Object.entries(result.languages).filter(([, figures]) => figures.accuracy < minimum);
if (below.length > 0) {
  process.stderr.write(`accuracy below ${percent(minimum)}: ${below.map(([language]) => language).join(', ')}\n`);
  process.exit(1);
}
