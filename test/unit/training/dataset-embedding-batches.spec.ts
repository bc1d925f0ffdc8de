import { describe, expect, it } from 'vitest';
import { embeddingBatchesForEpoch } from '../../../src-main/training/dataset/embedding-batches';
import { epochOrder, stepsPerEpoch } from '../../../src-main/training/dataset/epoch-order';
import { fromSplitRecord, toSplitRecord } from '../../../src-main/training/dataset/split-record';
import { splitDataset } from '../../../src-main/training/dataset/split';

const dim = 4;
const items = Array.from({ length: 11 }, (_, i) => ({
  faceId: 100 + i,
  personId: (i % 3) + 1,
  personName: `P${(i % 3) + 1}`,
  embedding: Float32Array.from({ length: dim }, (_, d) => i * 10 + d),
}));
const classes = [
  { personId: 1, name: 'P1', index: 0 },
  { personId: 2, name: 'P2', index: 1 },
];

describe('epoch order', () => {
  it('keeps the last partial batch', () => {
    expect(stepsPerEpoch(11, 4)).toBe(3);
    expect(stepsPerEpoch(12, 4)).toBe(3);
    expect(stepsPerEpoch(0, 4)).toBe(0);
    expect(() => stepsPerEpoch(10, 0)).toThrow(/batchSize/);
  });

  it('is a permutation seeded by (seed, epoch), and the identity without shuffling', () => {
    const order = Array.from(epochOrder(50, 3, 1, true));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(epochOrder(50, 3, 1, true))).toEqual(order);
    expect(Array.from(epochOrder(50, 3, 2, true))).not.toEqual(order);
    expect(Array.from(epochOrder(5, 3, 1, false))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('embeddingBatchesForEpoch', () => {
  const options = { items, classes, batchSize: 4, seed: 9, epoch: 2, shuffle: true };

  it('visits every face once per epoch with its vector and class (-1: no class)', () => {
    const batches = [...embeddingBatchesForEpoch(options)];
    expect(batches.map((b) => [b.index, b.faceIds.length, b.dim])).toEqual([
      [0, 4, dim],
      [1, 4, dim],
      [2, 3, dim],
    ]);
    const seen = batches.flatMap((b) => b.faceIds);
    expect([...seen].sort()).toEqual(items.map((i) => i.faceId));
    for (const batch of batches) {
      batch.faceIds.forEach((faceId, k) => {
        const item = items.find((i) => i.faceId === faceId)!;
        expect(Array.from(batch.x.subarray(k * dim, (k + 1) * dim))).toEqual(Array.from(item.embedding));
        expect(batch.y[k]).toBe(item.personId === 3 ? -1 : item.personId - 1);
      });
    }
  });

  it('resumes at startBatch with the same batches as the tail of a full epoch', () => {
    const full = [...embeddingBatchesForEpoch(options)];
    expect([...embeddingBatchesForEpoch({ ...options, startBatch: 1 })]).toEqual(full.slice(1));
    expect([...embeddingBatchesForEpoch({ ...options, startBatch: 3 })]).toEqual([]);
    expect(() => [...embeddingBatchesForEpoch({ ...options, startBatch: 4 })]).toThrow(/startBatch/);
  });

  it('refuses faces without an embedding', () => {
    const noVector = items.map(({ embedding: _, ...rest }) => rest);
    expect(() => [...embeddingBatchesForEpoch({ ...options, items: noVector })]).toThrow(/embedding/);
  });
});

describe('split record', () => {
  it('restores a stored split, dropping faces gone or relabeled since', () => {
    const split = splitDataset(items, { by: 'image', testPerPerson: 1 }, { seed: 1 });
    const record = JSON.parse(JSON.stringify(toSplitRecord(split))) as ReturnType<typeof toSplitRecord>;
    expect(fromSplitRecord(record, items)).toEqual({ split, missing: [] });
    const [gone, relabeled] = [split.train[0]!, split.test[0]!];
    const today = items
      .filter((i) => i.faceId !== gone.faceId)
      .map((i) => (i.faceId === relabeled.faceId ? { ...i, personId: 99 } : i));
    const restored = fromSplitRecord(record, today);
    expect(restored.missing.sort()).toEqual([gone.faceId, relabeled.faceId].sort());
    expect(restored.split.train).toHaveLength(split.train.length - 1);
    expect(restored.split.classes).toEqual(split.classes);
  });
});
