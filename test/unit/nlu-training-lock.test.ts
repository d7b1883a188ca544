import { mkdtempSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { trainOnce } from '../../bots/nlu/classifier.ts';

describe('the classifier trains once per machine (issue 26)', () => {
  it('callers starting together on a new corpus train once; the others wait for that model', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nlu-lock-')), 'model.json');
    let trainings = 0;
    const train = async () => {
      trainings += 1;
      await sleep(200);
      writeFileSync(file, '{}');
    };
    await Promise.all(Array.from({ length: 5 }, () => trainOnce(file, train, 20)));
    expect(trainings).toBe(1);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('a lock left by a trainer that died is taken over; a training that fails leaves no lock', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nlu-lock-')), 'model.json');
    writeFileSync(`${file}.lock`, '');
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(`${file}.lock`, longAgo, longAgo);
    await trainOnce(file, async () => writeFileSync(file, '{}'), 20);
    expect(existsSync(file)).toBe(true);

    const other = join(mkdtempSync(join(tmpdir(), 'nlu-lock-')), 'model.json');
    await expect(trainOnce(other, () => Promise.reject(new Error('out of memory')), 20)).rejects.toThrow('out of memory');
    expect(existsSync(`${other}.lock`)).toBe(false);
  });
});
