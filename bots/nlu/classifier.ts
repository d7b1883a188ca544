import { once } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { NeuralNetwork, type NeuralModel } from '@nlpjs/neural';
import { SpellCheck } from '@nlpjs/similarity';
import { features, normalise } from './features.ts';
import { corpusHash, intentNames, loadCorpus, type IntentName, type Utterance } from './corpus.ts';

/** Bumped whenever `features()` or the training settings change, so a kept model of the old ones is not used. */
const featureVersion = 7;

/** What the classifier makes of one message. */
export interface Classification {
  intent: IntentName;
  /** The winner's share of the positive outputs (0–1): how sure it is. */
  confidence: number;
}

/** Below this confidence the message is not understood (`none`): better an honest fallback than a wrong guess. */
const minConfidence = 0.3;

/** A trained classifier as kept on disk: the network and the words it knows (for spelling). */
export interface ClassifierModel {
  network: NeuralModel;
  words: Record<string, number>;
}

/** How often each Latin-script word occurs in `utterances`: what a misspelt word is corrected to. */
function knownWords(utterances: Utterance[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { text } of utterances) {
    for (const word of normalise(text).match(/[a-z]{4,}/g) ?? []) counts[word] = (counts[word] ?? 0) + 1;
  }
  return counts;
}

/** `word` with two neighbouring letters swapped, every way (`ordres` → … `orders` …): the typo edit distance counts twice. */
function swapped(word: string): string[] {
  return Array.from({ length: word.length - 1 }, (_, i) => `${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`);
}

/**
 * The intent classifier: NLP.js's neural network (one perceptron per intent) over `features()`,
 * with NLP.js's spell check correcting an unknown Latin-script word to the nearest known one
 * (one edit for short words, two from eight letters).
 */
export class IntentClassifier {
  readonly #network: NeuralNetwork;
  readonly #words: Record<string, number>;
  readonly #spelling: SpellCheck;
  readonly #correct = (word: string): string => {
    if (word.length < 4 || this.#words[word]) return word;
    const corrected = this.#spelling.checkToken(word, word.length >= 8 ? 2 : 1);
    return corrected !== word ? corrected : (swapped(word).find((candidate) => this.#words[candidate]) ?? word);
  };

  private constructor(network: NeuralNetwork, words: Record<string, number>) {
    this.#network = network;
    this.#words = words;
    this.#spelling = new SpellCheck({ features: words });
  }

  /** Trains on `utterances` (every intent should have examples). */
  static train(utterances: Utterance[]): IntentClassifier {
    const network = new NeuralNetwork({ iterations: 80, learningRate: 0.3, errorThresh: 0.0005 });
    network.train(utterances.map(({ text, intent }) => ({ input: features(text), output: { [intent]: 1 } })));
    return new IntentClassifier(network, knownWords(utterances));
  }

  static fromModel(model: ClassifierModel): IntentClassifier {
    const network = new NeuralNetwork();
    network.fromJSON(model.network);
    return new IntentClassifier(network, model.words);
  }

  toModel(): ClassifierModel {
    return { network: this.#network.toJSON(), words: this.#words };
  }

  classify(text: string): Classification {
    const outputs = this.#network.run(features(text, this.#correct)) ?? {};
    let best: IntentName = 'none';
    let bestScore = 0;
    let total = 0;
    for (const [intent, score] of Object.entries(outputs)) {
      if (score <= 0) continue;
      total += score;
      if (score > bestScore) {
        best = intent as IntentName;
        bestScore = score;
      }
    }
    const confidence = total > 0 ? bestScore / total : 0;
    return confidence >= minConfidence && intentNames.includes(best) ? { intent: best, confidence } : { intent: 'none', confidence };
  }
}

/** Where the trained model of the current corpus is kept: the system's temporary directory, under the corpus's fingerprint. */
function modelFile(corpus: Utterance[] = loadCorpus()): string {
  return join(tmpdir(), 'orderchat-nlu', `${corpusHash(corpus, featureVersion)}.json`);
}

/**
 * Trains on the whole corpus and keeps the model for every later process (written to a
 * temporary name, then renamed, so a reader never sees half a file). Takes seconds of CPU: the
 * service runs it in a worker thread (`train-worker.ts`), the test suite once in its setup.
 */
export function trainAndKeep(): void {
  const corpus = loadCorpus();
  const file = modelFile(corpus);
  const classifier = IntentClassifier.train(corpus);
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(classifier.toModel()));
  renameSync(partial, file);
}

/** A lock older than this belongs to a trainer that died: it is taken over. */
const staleLockMs = 10 * 60_000;

/**
 * Makes sure `file` exists, training at most once across the processes of a machine: the
 * first to create `<file>.lock` trains; the others wait for the model it writes (several web
 * processes starting on a new corpus train once, not each).
 */
export async function trainOnce(file: string, train: () => Promise<void>, pollMs = 500): Promise<void> {
  const lock = `${file}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  while (!existsSync(file)) {
    try {
      closeSync(openSync(lock, 'wx'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleLockMs) rmSync(lock, { force: true });
      else await sleep(pollMs);
      continue;
    }
    try {
      if (!existsSync(file)) await train();
    } finally {
      rmSync(lock, { force: true });
    }
    if (!existsSync(file)) throw new Error(`training wrote no model at ${file}`);
  }
}

let loaded: IntentClassifier | undefined;
let loading: Promise<IntentClassifier> | undefined;

/**
 * Makes the classifier ready: reads the kept model, or trains one in a worker thread first (the
 * event loop goes on serving meanwhile). Safe to call many times.
 */
export function warmClassifier(): Promise<IntentClassifier> {
  loading ??= (async () => {
    const file = modelFile();
    await trainOnce(file, async () => {
      const worker = new Worker(new URL('./train-worker.ts', import.meta.url));
      const [code] = (await once(worker, 'exit')) as [number];
      if (code !== 0) throw new Error(`training the intent classifier failed (exit ${code})`);
    });
    loaded = IntentClassifier.fromModel(JSON.parse(readFileSync(file, 'utf8')) as ClassifierModel);
    return loaded;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** The classifier when it is ready; until then undefined (and it is being made ready). */
export function readyClassifier(): IntentClassifier | undefined {
  if (!loaded) void warmClassifier().catch(() => undefined);
  return loaded;
}
