import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../core/shared/coalescer.ts';

describe('coalescer', () => {
  it('calls made in one moment make one batch; each caller gets the answer at its place, repeats included', async () => {
    const batches: number[][] = [];
    const doubler = new Coalescer<number, number>(async (keys) => {
      batches.push(keys);
      return keys.map((key) => key * 2);
    });
    expect(await Promise.all([1, 2, 3, 2].map((key) => doubler.submit(key)))).toEqual([2, 4, 6, 4]);
    expect(batches).toEqual([[1, 2, 3, 2]]);
  });

  it('splits at maxBatch, keeps at most `parallel` batches running, and the waiting ones form the next batch', async () => {
    const batches: number[][] = [];
    let running = 0;
    let most = 0;
    const slow = new Coalescer<number, number>(async (keys) => {
      batches.push(keys);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running -= 1;
      return keys;
    }, { maxBatch: 3, parallel: 1 });
    const answers = await Promise.all(Array.from({ length: 7 }, (_, i) => slow.submit(i)));
    expect(answers).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(most).toBe(1);
  });

  it('a failed batch fails each of its callers, and the next batch runs', async () => {
    let calls = 0;
    const flaky = new Coalescer<string, string>(async (keys) => {
      calls += 1;
      if (calls === 1) throw new Error('database unavailable');
      return keys.map((key) => key.toUpperCase());
    });
    const first = await Promise.allSettled(['a', 'b'].map((key) => flaky.submit(key)));
    expect(first.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(await flaky.submit('c')).toBe('C');
  });
});
