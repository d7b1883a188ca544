/** Trains the intent classifier off the main thread and keeps the model (see `warmClassifier`). */
import { trainAndKeep } from './classifier.ts';

trainAndKeep();
