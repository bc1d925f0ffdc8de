import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../src-main/training/config/train-config';
import { assignShards, shardStart } from '../../../src-main/training/parallel/ghost-shards';
import { replicasFor, shardsFor } from '../../../src-main/training/parallel/worker-count';

const cuts = (size: number, shards: number): number[] =>
  Array.from({ length: shards + 1 }, (_, index) => shardStart(size, shards, index));

describe('ghost batches', () => {
  it('cut a batch into contiguous shards that differ by at most one example', () => {
    expect(cuts(32, 2)).toEqual([0, 16, 32]);
    expect(cuts(10, 4)).toEqual([0, 2, 5, 7, 10]);
    // A short last batch: shards of one example, and empty ones (left out by cutShards).
    expect(cuts(3, 4)).toEqual([0, 0, 1, 2, 3]);
  });

  it('are shared out contiguously, the trainer first, with work whenever there is any', () => {
    expect(assignShards(['a', 'b', 'c', 'd'], 2)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(assignShards(['a', 'b', 'c'], 2)).toEqual([['a', 'b'], ['c']]);
    expect(assignShards(['a'], 3)).toEqual([['a'], [], []]);
  });
});

describe('workers', () => {
  const run = { batchSize: 32, mode: 'scratch', cores: 8 } as const;

  it('"auto" splits a network\'s batch one shard per core down to 16 examples, never a head\'s', () => {
    expect(shardsFor({ ...run, workers: 'auto' })).toBe(2);
    expect(shardsFor({ ...run, workers: 'auto', batchSize: 128 })).toBe(8);
    expect(shardsFor({ ...run, workers: 'auto', cores: 1 })).toBe(1);
    expect(shardsFor({ ...run, workers: 'auto', batchSize: 8 })).toBe(1);
    expect(shardsFor({ ...run, workers: 'auto', mode: 'head' })).toBe(1);
    // A fine-tune has no batch statistics: its batch of 16 still goes to both cores.
    expect(shardsFor({ ...run, workers: 'auto', mode: 'finetune', batchSize: 16, cores: 2 })).toBe(2);
    expect(shardsFor({ ...run, workers: 'auto', mode: 'finetune', batchSize: 3 })).toBe(3);
    expect(shardsFor({ ...run, workers: 4 })).toBe(4);
  });

  it('run on one thread per shard, at most one per core', () => {
    expect(replicasFor(4, 2)).toBe(2);
    expect(replicasFor(2, 8)).toBe(2);
    expect(replicasFor(1, 8)).toBe(1);
  });

  it('are refused by name when invalid', () => {
    for (const workers of [0, 17, 2.5, '2', 'all']) {
      expect(() => parseTrainConfig({ mode: 'scratch', workers })).toThrow(
        '"workers" must be an integer 1..16 or "auto"',
      );
    }
    expect(() => parseTrainConfig({ mode: 'scratch', batchSize: 4, workers: 8 })).toThrow(
      '"workers" (8) must not exceed "batchSize" (4)',
    );
    expect(parseTrainConfig({ mode: 'scratch', workers: 3 }).workers).toBe(3);
  });
});
