import { describe, expect, it } from 'vitest';
import { suggestPeople, type SuggestionParams } from '../../../src-main/people/suggestions';

const dim = 4;
const params: SuggestionParams = { threshold: 0.5, autoThreshold: 0.3, margin: 0.1, k: 2 };

/** A unit vector at angle `t` (radians) in the first two dimensions: distance grows with the angle. */
function at(t: number): number[] {
  return [Math.cos(t), Math.sin(t), 0, 0];
}

const known = {
  // Person 1 around angle 0, person 2 around angle 1.2.
  vectors: Float32Array.from([...at(0), ...at(0.05), ...at(1.2), ...at(1.25)]),
  personIds: [1, 1, 2, 2],
  photoIds: [100, 101, 102, 103],
};

function suggest(angles: number[], photoIds: number[], excluded: Array<Set<number>> = []) {
  return suggestPeople(
    known,
    {
      vectors: Float32Array.from(angles.flatMap(at)),
      photoIds,
      excluded: angles.map((_, i) => excluded[i] ?? new Set<number>()),
    },
    dim,
    params,
  );
}

describe('suggestions', () => {
  it('labels a close, unambiguous face automatically and only suggests a farther one', () => {
    const [close, farther, far] = suggest([0.1, 0.4, -0.8], [1, 2, 3]);
    expect(close).toMatchObject({ personId: 1, assignment: 'confirmed' });
    expect(farther).toMatchObject({ personId: 1, assignment: 'suggested' });
    expect(far).toBeNull();
  });

  it('only suggests when the second-best person is nearly as close', () => {
    // Halfway between the two people: both within the threshold, neither clearly closer.
    const [between] = suggestPeople(
      { vectors: Float32Array.from([...at(0), ...at(0.5)]), personIds: [1, 2], photoIds: [1, 2] },
      { vectors: Float32Array.from(at(0.25)), photoIds: [9], excluded: [new Set()] },
      dim,
      { ...params, autoThreshold: 0.45 },
    );
    expect(between).toMatchObject({ assignment: 'suggested' });
  });

  it('never suggests a person who rejected the face or is already in its photo', () => {
    const [rejected] = suggest([0.1], [1], [new Set([1])]);
    expect(rejected?.personId).not.toBe(1);
  });

  it('gives a person at most one face of a photo: the closer one', () => {
    const [a, b] = suggest([0.2, 0.1], [7, 7]);
    expect(a).toBeNull();
    expect(b).toMatchObject({ personId: 1 });
  });
});
