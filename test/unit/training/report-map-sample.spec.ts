import { describe, expect, it } from 'vitest';
import { sampleByClass, type MapFace } from '../../../src-main/training/run/report-map';

const face = (faceId: number, cls: number): MapFace => ({ faceId, class: cls, vector: new Float32Array(2) });

describe("the report map's sample of a large test set", () => {
  // 3 people: 100, 10 and 1 faces.
  const faces = [
    ...Array.from({ length: 100 }, (_, i) => face(i, 0)),
    ...Array.from({ length: 10 }, (_, i) => face(100 + i, 1)),
    face(200, 2),
  ];

  it('keeps every face when they fit', () => {
    expect(sampleByClass(faces, 500, 1)).toHaveLength(faces.length);
  });

  it('keeps every person, shares the rest out evenly, and is seeded', () => {
    const sample = sampleByClass(faces, 21, 7);
    expect(sample).toHaveLength(21);
    const count = (cls: number): number => sample.filter((f) => f.class === cls).length;
    // Round robin: the one-face person once, the 10-face person all 10, the large one the rest.
    expect([count(0), count(1), count(2)]).toEqual([10, 10, 1]);
    expect(new Set(sample.map((f) => f.faceId)).size).toBe(21);
    expect(sampleByClass(faces, 21, 7)).toEqual(sample);
    expect(sampleByClass(faces, 21, 8).map((f) => f.faceId)).not.toEqual(sample.map((f) => f.faceId));
  });
});
