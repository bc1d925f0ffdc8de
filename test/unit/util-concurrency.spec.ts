import { describe, expect, it } from 'vitest';
import { Limiter, mapOrdered } from '../../src-main/util/concurrency';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('concurrency helpers', () => {
  it('mapOrdered yields in input order with bounded parallelism', async () => {
    let running = 0;
    let peak = 0;
    const results: number[] = [];
    for await (const value of mapOrdered([30, 5, 20, 1, 10, 2], 3, async (ms) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(ms);
      running--;
      return ms;
    })) {
      results.push(value);
    }
    expect(results).toEqual([30, 5, 20, 1, 10, 2]);
    expect(peak).toBe(3);
  });

  it('mapOrdered surfaces a rejection at its position', async () => {
    const seen: number[] = [];
    await expect(async () => {
      for await (const value of mapOrdered([1, 2, 3], 2, (n) => {
        if (n === 2) return Promise.reject(new Error('two'));
        return Promise.resolve(n);
      })) {
        seen.push(value);
      }
    }).rejects.toThrow('two');
    expect(seen).toEqual([1]);
  });

  it('Limiter admits at most its limit and hands slots over in order', async () => {
    const limiter = new Limiter(2);
    const order: string[] = [];
    await limiter.acquire();
    await limiter.acquire();
    const third = limiter.acquire().then(() => order.push('third'));
    const fourth = limiter.acquire().then(() => order.push('fourth'));
    await sleep(5);
    expect(order).toEqual([]);
    limiter.release();
    await third;
    expect(order).toEqual(['third']);
    limiter.release();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
  });
});
