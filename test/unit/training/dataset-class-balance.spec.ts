import { describe, expect, it } from 'vitest';
import { classBalance } from '../../../src-main/training/dataset/class-balance';
import type { DatasetSplit, SplitItem } from '../../../src-main/training/dataset/split';

let nextFace = 1;
const faces = (personId: number, n: number): SplitItem[] =>
  Array.from({ length: n }, () => ({ faceId: nextFace++, personId, personName: `P${personId}` }));

describe('classBalance', () => {
  it('counts faces per class per split: min, median, max, imbalance and the smallest classes', () => {
    const split: DatasetSplit<SplitItem> = {
      train: [...faces(1, 8), ...faces(2, 2), ...faces(3, 5), ...faces(4, 4)],
      val: [],
      test: [...faces(1, 1), ...faces(2, 1), ...faces(3, 1), ...faces(4, 1)],
      classes: [],
      excluded: [{ personId: 5, name: 'P5', faces: 1, reason: '1 faces, fewer than the 3 needed' }],
    };
    const report = classBalance(split, 2);
    expect(report.splits.map((s) => s.split)).toEqual(['train', 'test']);
    expect(report.splits[0]).toEqual({
      split: 'train',
      faces: 19,
      classes: 4,
      minFaces: 2,
      medianFaces: 4.5,
      maxFaces: 8,
      imbalanceRatio: 4,
      smallest: [
        { personId: 2, name: 'P2', faces: 2 },
        { personId: 4, name: 'P4', faces: 4 },
      ],
    });
    expect(report.splits[1]).toMatchObject({ faces: 4, classes: 4, medianFaces: 1, imbalanceRatio: 1 });
    expect(report.summary).toBe(
      'train 19 faces of 4 people (2-8 each, median 4.5, imbalance 4.0x); ' +
        'test 4 faces of 4 people (1-1 each, median 1, imbalance 1.0x); 1 person left out with too few faces.',
    );
  });

  it('takes the middle value for an odd number of classes', () => {
    const split = {
      train: [...faces(1, 1), ...faces(2, 9), ...faces(3, 3)],
      val: [],
      test: [],
      classes: [],
      excluded: [],
    };
    expect(classBalance(split).splits[0]).toMatchObject({ medianFaces: 3, imbalanceRatio: 9 });
  });
});
