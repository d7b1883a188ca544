/** The parts of NLP.js this project uses (the packages ship no types). */
declare module '@nlpjs/neural' {
  export interface NeuralSettings {
    iterations?: number;
    errorThresh?: number;
    deltaErrorThresh?: number;
    learningRate?: number;
    momentum?: number;
    alpha?: number;
    log?: boolean;
  }
  export interface NeuralModel {
    settings: NeuralSettings;
    features?: string[];
    intents?: string[];
    perceptrons?: number[][];
  }
  /** One perceptron per intent over sparse features (NLP.js's intent classifier). */
  export class NeuralNetwork {
    constructor(settings?: NeuralSettings);
    train(corpus: Array<{ input: Record<string, number>; output: Record<string, number> }>): { iterations: number; error: number };
    run(input: Record<string, number>): Record<string, number> | undefined;
    toJSON(): NeuralModel;
    fromJSON(json: NeuralModel): void;
  }
}

declare module '@nlpjs/lang-en-min' {
  /** Snowball's English stemmer. */
  export class StemmerEn {
    stemWord(word: string): string;
  }
}

declare module '@nlpjs/similarity' {
  /** Corrects a word to the nearest known one (edit distance), preferring frequent ones. */
  export class SpellCheck {
    constructor(settings?: { features?: Record<string, number>; minLength?: number });
    checkToken(token: string, distance: number): string;
  }
}
