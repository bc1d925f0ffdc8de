import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classIndex, splitDataset, type SplitItem } from '../../../src-main/training/dataset/split';

/** Faces of people with the given face counts; person ids 10, 20, ... and face ids unique. */
function facesOf(counts: readonly number[]): SplitItem[] {
  let faceId = 1;
  return counts.flatMap((n, p) =>
    Array.from({ length: n }, () => ({ faceId: faceId++, personId: (p + 1) * 10, personName: `P${p + 1}` })),
  );
}

/** Person ids in the order of their names (`P10` before `P2`): classes follow names, not catalog ids. */
const byName = (personIds: Iterable<number>): number[] =>
  [...personIds].sort((a, b) => (`P${a / 10}` < `P${b / 10}` ? -1 : 1));

const ids = (items: readonly SplitItem[]): number[] => items.map((item) => item.faceId);
const ofPerson = (items: readonly SplitItem[], personId: number): number =>
  items.filter((item) => item.personId === personId).length;

describe('splitDataset by image', () => {
  it('holds out test and val faces per person, trains on the rest, and reports who was left out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 2, maxLength: 12 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer(),
        (counts, testPerPerson, valPerPerson, minFaces, seed) => {
          const faces = facesOf(counts);
          const least = Math.max(minFaces, testPerPerson + valPerPerson + 1);
          const eligible = counts.filter((n) => n >= least).length;
          const run = () =>
            splitDataset(
              faces,
              { by: 'image', testPerPerson, valPerPerson },
              { seed, minFacesPerPerson: minFaces },
            );
          if (eligible < 2) {
            expect(run).toThrow(/at least 2 labeled people/);
            return;
          }
          const split = run();
          const all = [...ids(split.train), ...ids(split.val), ...ids(split.test)];
          expect(new Set(all).size).toBe(all.length);
          counts.forEach((n, p) => {
            const personId = (p + 1) * 10;
            if (n === 0) return;
            if (n < least) {
              expect(split.excluded).toContainEqual(
                expect.objectContaining({ personId, name: `P${p + 1}`, faces: n }),
              );
              expect(ofPerson([...split.train, ...split.val, ...split.test], personId)).toBe(0);
              return;
            }
            expect(ofPerson(split.test, personId)).toBe(testPerPerson);
            expect(ofPerson(split.val, personId)).toBe(valPerPerson);
            expect(ofPerson(split.train, personId)).toBe(n - testPerPerson - valPerPerson);
          });
          expect(split.excluded).toHaveLength(counts.filter((n) => n > 0 && n < least).length);
          expect(split.classes.map((c) => c.index)).toEqual(split.classes.map((_, i) => i));
          expect(split.classes.map((c) => c.personId)).toEqual(
            byName(new Set(split.train.map((f) => f.personId))),
          );
          expect(run()).toEqual(split);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('draws different test faces for different seeds, and keeps a person`s split when others are added', () => {
    const faces = facesOf([20, 20, 20]);
    const a = splitDataset(faces, { by: 'image', testPerPerson: 5 }, { seed: 1 });
    const b = splitDataset(faces, { by: 'image', testPerPerson: 5 }, { seed: 2 });
    expect(ids(a.test)).not.toEqual(ids(b.test));
    expect(a.val).toEqual([]);
    const more = facesOf([20, 20, 20, 7]);
    const c = splitDataset(more, { by: 'image', testPerPerson: 5 }, { seed: 1 });
    expect(ids(c.test).slice(0, 15)).toEqual(ids(a.test));
  });

  it('gives the same split to the same faces whatever catalog ids the import gave them', () => {
    // Two imports of one folder: people and faces stored in another order, so other ids; the faces come
    // in the same (content) order, as the repository reads them.
    const first = facesOf([10, 10, 10, 10]);
    const renumbered = first.map((face) => ({
      ...face,
      faceId: 1000 - face.faceId,
      personId: 100 - face.personId,
    }));
    const splitOf = (faces: SplitItem[]) => {
      const split = splitDataset(faces, { by: 'image', testPerPerson: 3, valPerPerson: 1 }, { seed: 7 });
      // Where each held-out face stands in the input: face k of a person in content order, whatever its id.
      return {
        test: split.test.map((face) => faces.indexOf(face)),
        classes: split.classes.map((c) => c.name),
      };
    };
    const a = splitOf(first);
    expect(splitOf(renumbered)).toEqual(a);
    expect(a.test).toHaveLength(12);
    expect(a.classes).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it('refuses a face listed twice and a count that is not whole', () => {
    const faces = facesOf([3, 3]);
    expect(() => splitDataset([...faces, faces[0]!], { by: 'image', testPerPerson: 1 }, { seed: 0 })).toThrow(
      /listed twice/,
    );
    expect(() => splitDataset(faces, { by: 'image', testPerPerson: 1.5 }, { seed: 0 })).toThrow(
      /testPerPerson/,
    );
  });
});

describe('splitDataset by identity', () => {
  it('holds out whole people, counts or fractions, and only trains classes on the rest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 4, maxLength: 20 }),
        fc.oneof(fc.integer({ min: 0, max: 2 }), fc.double({ min: 0.05, max: 0.3, noNaN: true })),
        fc.integer({ min: 0, max: 1 }),
        fc.integer(),
        (counts, testIdentities, valIdentities, seed) => {
          const faces = facesOf(counts);
          const eligible = counts.filter((n) => n >= 2).length;
          const held =
            (testIdentities > 0 && testIdentities < 1
              ? Math.max(1, Math.round(testIdentities * eligible))
              : testIdentities) + valIdentities;
          const run = () => splitDataset(faces, { by: 'identity', testIdentities, valIdentities }, { seed });
          if (eligible - held < 2) {
            expect(run).toThrow(/at least 2/);
            return;
          }
          const split = run();
          const peopleOf = (items: readonly SplitItem[]) => new Set(items.map((f) => f.personId));
          const [train, val, test] = [peopleOf(split.train), peopleOf(split.val), peopleOf(split.test)];
          expect(test.size + val.size).toBe(held);
          expect([...test].some((p) => train.has(p) || val.has(p))).toBe(false);
          expect([...val].some((p) => train.has(p))).toBe(false);
          for (const p of test) expect(ofPerson(split.test, p)).toBe(counts[p / 10 - 1]);
          expect(split.classes.map((c) => c.personId)).toEqual(byName(train));
          expect(split.excluded.map((e) => e.personId)).toEqual(
            byName(counts.flatMap((n, p) => (n < 2 ? [(p + 1) * 10] : []))),
          );
          expect(run()).toEqual(split);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('maps each class to its index', () => {
    const split = splitDataset(facesOf([2, 2, 2]), { by: 'identity', testIdentities: 1 }, { seed: 5 });
    const index = classIndex(split.classes);
    expect([...index.values()]).toEqual([0, 1]);
    expect(index.has(split.test[0]!.personId)).toBe(false);
  });
});
