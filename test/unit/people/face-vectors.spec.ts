import { describe, expect, it } from 'vitest';
import { packRows, personCentres, vectorDim } from '../../../src-main/people/face-vectors';
import type { FaceVectorRow } from '../../../src-main/catalog/cluster.repository';

/** A stored vector as the catalog holds it: a float32 blob at an odd offset inside a larger Buffer. */
function blob(values: number[]): Buffer {
  const bytes = Buffer.from(new Float32Array(values).buffer);
  return Buffer.concat([Buffer.alloc(3), bytes]).subarray(3);
}

function row(id: number, personId: number | null, values: number[]): FaceVectorRow {
  return {
    id,
    photoId: id,
    personId,
    assignment: personId === null ? null : 'confirmed',
    by: personId === null ? null : 'user',
    score: 1,
    quality: null,
    vector: blob(values),
  };
}

describe('face vectors of any length', () => {
  it('reads the length from the rows and packs them one after another', () => {
    const rows = [row(1, null, [1, 0, 0]), row(2, null, [0, 1, 0])];
    expect(vectorDim(rows)).toBe(3);
    expect(Array.from(packRows(rows))).toEqual([1, 0, 0, 0, 1, 0]);
    expect(vectorDim([], 64)).toBe(64);
    expect(packRows([], 64)).toHaveLength(0);
  });

  it('refuses a row of another length instead of shifting every row after it', () => {
    const rows = [row(1, null, [1, 0, 0]), row(2, null, [0, 1])];
    expect(() => packRows(rows)).toThrow(/holds 2 values where 3 were expected/);
  });

  it('computes unit-length centres at the vectors own length', () => {
    const rows = [row(1, 7, [1, 0, 0, 0, 0]), row(2, 7, [0, 1, 0, 0, 0]), row(3, null, [0, 0, 1, 0, 0])];
    const centre = personCentres(rows).get(7)!;
    expect(centre).toHaveLength(5);
    expect(centre[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(centre[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(personCentres(rows).size).toBe(1);
  });
});
