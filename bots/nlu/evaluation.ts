import { corpusLanguages, heldOut, intentNames, loadCorpus, type CorpusLanguage, type IntentName, type Utterance } from './corpus.ts';
import { IntentClassifier } from './classifier.ts';

/** How the classifier does on the held-out split of the corpus (never trained on). */
export interface Evaluation {
  trained: number;
  /** Per language: held-out messages, share classified right, share that fell back to `none` wrongly. */
  languages: Record<CorpusLanguage, { messages: number; accuracy: number; fallbackRate: number }>;
  /** Per intent: held-out messages and share classified right (both languages). */
  intents: Record<IntentName, { messages: number; accuracy: number }>;
  /** expected → predicted → count. */
  confusion: Record<IntentName, Partial<Record<IntentName, number>>>;
  /** The misclassified messages, for reading. */
  misses: Array<{ text: string; expected: IntentName; predicted: IntentName; language: CorpusLanguage }>;
}

const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

/** Trains on the training split and classifies every held-out message. */
export function evaluate(corpus: Utterance[] = loadCorpus()): Evaluation {
  const classifier = IntentClassifier.train(corpus.filter((utterance) => !heldOut(utterance)));
  const test = corpus.filter(heldOut);
  const confusion = Object.fromEntries(intentNames.map((intent) => [intent, {}])) as Evaluation['confusion'];
  const misses: Evaluation['misses'] = [];
  for (const utterance of test) {
    const predicted = classifier.classify(utterance.text).intent;
    const row = confusion[utterance.intent];
    row[predicted] = (row[predicted] ?? 0) + 1;
    if (predicted !== utterance.intent) misses.push({ text: utterance.text, expected: utterance.intent, predicted, language: utterance.language });
  }
  const languages = Object.fromEntries(corpusLanguages.map((language) => {
    const messages = test.filter((utterance) => utterance.language === language);
    const wrong = misses.filter((miss) => miss.language === language);
    return [language, {
      messages: messages.length,
      accuracy: share(messages.length - wrong.length, messages.length),
      fallbackRate: share(wrong.filter((miss) => miss.predicted === 'none').length, messages.filter((utterance) => utterance.intent !== 'none').length),
    }];
  })) as Evaluation['languages'];
  const intents = Object.fromEntries(intentNames.map((intent) => {
    const messages = test.filter((utterance) => utterance.intent === intent).length;
    return [intent, { messages, accuracy: share(confusion[intent][intent] ?? 0, messages) }];
  })) as Evaluation['intents'];
  return { trained: corpus.length - test.length, languages, intents, confusion, misses };
}
