/**
 * Gathers calls made at about the same moment into one batch, so many concurrent callers cost
 * one round trip instead of one each (the notification senders' claims and settles: fifty jobs
 * in flight make one statement, not fifty).
 *
 * `submit(key)` resolves with what `run` returned at that key's place in the batch (keys are
 * passed in arrival order, repeats included) and rejects when the batch failed. A batch starts when the event loop turns
 * after the first key arrived, or at once at `maxBatch` keys; while `parallel` batches are in
 * flight, new keys wait and form the next one, which makes batches grow under load.
 */
export class Coalescer<K, R> {
  readonly #run: (keys: K[]) => Promise<R[]>;
  readonly #maxBatch: number;
  readonly #parallel: number;
  #waiting: Array<{ key: K; resolve: (value: R) => void; reject: (error: unknown) => void }> = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(run: (keys: K[]) => Promise<R[]>, options: { maxBatch?: number; parallel?: number } = {}) {
    this.#run = run;
    this.#maxBatch = options.maxBatch ?? 200;
    this.#parallel = options.parallel ?? 2;
  }

  submit(key: K): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ key, resolve, reject });
      if (this.#waiting.length >= this.#maxBatch) this.#flush();
      else this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    while (this.#waiting.length > 0 && this.#inFlight < this.#parallel) {
      const batch = this.#waiting.splice(0, this.#maxBatch);
      this.#inFlight += 1;
      this.#run(batch.map((item) => item.key)).then(
        (results) => {
          for (const [index, item] of batch.entries()) item.resolve(results[index]!);
        },
        (error: unknown) => {
          for (const item of batch) item.reject(error);
        },
      ).finally(() => {
        this.#inFlight -= 1;
        if (this.#waiting.length > 0) this.#schedule();
      });
    }
  }
}
