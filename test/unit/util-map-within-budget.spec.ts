import { describe, expect, it } from 'vitest';
import { mapOrderedWithinBudget } from '../../src-main/util/map-within-budget';

/** Runs sizes through the helper with calls that finish out of order, recording what was in flight. */
async function run(sizes: number[], concurrency: number, budget: number) {
  let inFlight = 0;
  let peakBytes = 0;
  let peakCount = 0;
  let count = 0;
  const results: number[] = [];
  const work = async (size: number): Promise<number> => {
    inFlight += size;
    count++;
    peakBytes = Math.max(peakBytes, inFlight);
    peakCount = Math.max(peakCount, count);
    await new Promise((resolve) => setTimeout(resolve, (size * 7) % 5));
    return size;
  };
  const limits = { concurrency, budget, cost: (size: number) => size };
  for await (const size of mapOrderedWithinBudget(sizes, limits, work)) {
    // Handed on: no longer held by the read-ahead.
    inFlight -= size;
    count--;
    results.push(size);
  }
  return { results, peakBytes, peakCount };
}

describe('ordered map within a byte budget', () => {
  it('keeps input order and never holds more than the budget', async () => {
    const sizes = [100, 30, 90, 10, 60, 60, 5, 100, 1, 40, 70, 20];
    const { results, peakBytes, peakCount } = await run(sizes, 6, 150);
    expect(results).toEqual(sizes);
    expect(peakBytes).toBeLessThanOrEqual(150);
    expect(peakCount).toBeLessThanOrEqual(6);
  });

  it('bounds the count when items are small', async () => {
    const { peakCount, peakBytes } = await run(
      Array.from({ length: 30 }, () => 1),
      6,
      1000,
    );
    expect(peakCount).toBe(6);
    expect(peakBytes).toBe(6);
  });

  it('runs an item larger than the budget alone, and still runs it', async () => {
    const mb = 1024 ** 2;
    // Six 900 MB files under a 256 MB budget: one at a time, never 5.4 GB at once.
    const sizes = [1 * mb, 900 * mb, 900 * mb, 2 * mb, 900 * mb, 900 * mb, 900 * mb, 900 * mb];
    const { results, peakBytes } = await run(sizes, 6, 256 * mb);
    expect(results).toEqual(sizes);
    expect(peakBytes).toBe(900 * mb);
  });

  it('surfaces a failed call in order', async () => {
    const fail = (n: number): Promise<number> =>
      n === 2 ? Promise.reject(new Error('two')) : Promise.resolve(n);
    const seen: number[] = [];
    const iterate = async (): Promise<void> => {
      for await (const n of mapOrderedWithinBudget(
        [1, 2, 3],
        { concurrency: 3, budget: 10, cost: () => 1 },
        fail,
      ))
        seen.push(n);
    };
    await expect(iterate()).rejects.toThrow('two');
    expect(seen).toEqual([1]);
  });
});
