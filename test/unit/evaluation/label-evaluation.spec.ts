import { describe, expect, it } from 'vitest';
import { rankOneIdentification } from '../../../src-main/evaluation/identification';
import { evaluateOnLabels, type LabeledVector } from '../../../src-main/evaluation/label-evaluation';
import { labelPairs } from '../../../src-main/evaluation/label-pairs';
import { seededRandom } from '../../../src-main/util/seeded-random';

/** `people` identities of `each` faces, unit vectors at `spread` around one random direction per person. */
function faces(people: number, each: number, spread: number, seed = 3): LabeledVector[] {
  const next = seededRandom(seed);
  const out: LabeledVector[] = [];
  let photo = 1;
  for (let p = 0; p < people; p++) {
    const centre = Array.from({ length: 16 }, () => next() - 0.5);
    for (let i = 0; i < each; i++) {
      const v = Float32Array.from(centre, (x) => x + spread * (next() - 0.5));
      const norm = Math.hypot(...v);
      out.push({ identity: p, photoId: photo++, vector: v.map((x) => x / norm) });
    }
  }
  return out;
}

const pack = (list: LabeledVector[]): Float32Array => {
  const out = new Float32Array(list.length * 16);
  list.forEach((face, i) => out.set(face.vector, i * 16));
  return out;
};

describe('rank-1 identification', () => {
  it('counts only faces whose person has another face, and finds the nearest one', () => {
    // Faces 0 and 1 are A, face 2 is B alone (not a probe) but sits next to face 0.
    const vectors = Float32Array.from([1, 0, 0.8, 0.6, 0.96, 0.28]);
    const result = rankOneIdentification(vectors, 2, [0, 0, 1]);
    expect(result.probes).toBe(2);
    // Face 0's nearest is face 2 (B): a miss; face 1's nearest is face 2 too (0.8*0.96+0.6*0.28 > 0.8).
    expect(result.rank1).toBe(0);
    expect(rankOneIdentification(Float32Array.from([1, 0, 0.8, 0.6, 0, 1]), 2, [0, 0, 1]).rank1).toBe(1);
  });
});

describe('label pairs', () => {
  it('takes every pair of a small set, spread over ten folds', () => {
    const set = faces(3, 5, 0.2);
    const pairs = labelPairs(
      pack(set),
      16,
      Int32Array.from(set, (f) => f.identity),
      1,
    );
    expect(pairs).toHaveLength((15 * 14) / 2);
    expect(pairs.filter((p) => p.same)).toHaveLength(3 * 10);
    const folds = new Set(pairs.map((p) => p.fold));
    expect([...folds].sort((a, b) => a! - b!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('evaluateOnLabels', () => {
  it('scores well-separated people perfectly and mixed-up ones worse', () => {
    const tight = evaluateOnLabels(faces(4, 6, 0.1));
    expect(tight.verification).toMatchObject({ accuracy: 1, eer: 0, tarAtFar1e3: 1, pairs: 276 });
    expect(tight.identification).toEqual({ rank1: 1, probes: 24 });
    expect(tight.clustering.bcubedF).toBeGreaterThan(0.9);
    const loose = evaluateOnLabels(faces(4, 6, 3));
    expect(loose.verification.accuracy).toBeLessThan(1);
    expect(loose.identification.rank1).toBeLessThan(1);
    expect(loose.clustering.bcubedF).toBeLessThan(tight.clustering.bcubedF);
  });

  it('reports zero pairs when the labels hold one person only', () => {
    const one = evaluateOnLabels(faces(1, 4, 0.1));
    expect(one.verification).toEqual({ accuracy: 0, eer: 0, tarAtFar1e3: 0, pairs: 0 });
    expect(one.identification).toEqual({ rank1: 1, probes: 4 });
  });
});

describe('rank-1 identification on many faces', () => {
  it('probes evenly spaced faces when there are more than the cap, against the whole gallery', () => {
    const set = faces(5, 8, 0.1);
    const vectors = pack(set);
    const identities = Int32Array.from(set, (f) => f.identity);
    expect(rankOneIdentification(vectors, 16, identities, 10)).toEqual({ rank1: 1, probes: 10 });
    expect(rankOneIdentification(vectors, 16, identities)).toEqual({ rank1: 1, probes: 40 });
  });
});
