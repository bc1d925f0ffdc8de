import { describe, expect, it } from 'vitest';
import {
  clusterSizes,
  filterPredicate,
  findPeople,
  noFilter,
  peopleInSelection,
} from '../../../src-renderer/src/components/embeddings/map-filters';

const points = {
  faceIds: [10, 11, 12, 13, 14],
  personIds: [1, 1, null, 2, null],
  assignments: ['confirmed', 'suggested', null, 'confirmed', null] as ('confirmed' | 'suggested' | null)[],
  clusterIds: [5, 5, 6, null, 6],
};

function matching(filter: Partial<typeof noFilter>): number[] {
  const test = filterPredicate(points, { ...noFilter, ...filter });
  return points.faceIds.map((_, i) => i).filter(test);
}

describe('map filters', () => {
  it('combine person, cluster, status and test set', () => {
    expect(matching({})).toEqual([0, 1, 2, 3, 4]);
    expect(matching({ person: 1 })).toEqual([0, 1]);
    expect(matching({ person: 1, status: 'labeled' })).toEqual([0]);
    expect(matching({ status: 'suggested' })).toEqual([1]);
    expect(matching({ status: 'unlabeled' })).toEqual([2, 4]);
    expect(matching({ cluster: 6 })).toEqual([2, 4]);
    expect(matching({ testFaces: new Set([11, 14]) })).toEqual([1, 4]);
    expect(matching({ testFaces: new Set([11, 14]), cluster: 6 })).toEqual([4]);
  });

  it('sizes clusters and the people of a selection, largest first', () => {
    expect(clusterSizes(points.clusterIds)).toEqual([
      { id: 5, size: 2 },
      { id: 6, size: 2 },
    ]);
    expect(peopleInSelection(points.personIds, [0, 1, 2, 3])).toEqual([
      { id: 1, count: 2 },
      { id: 2, count: 1 },
    ]);
  });

  it('finds people by part of the name, prefixes first', () => {
    const people = [{ name: 'Bea' }, { name: 'Abe' }, { name: 'Ben' }, { name: 'Ada' }];
    expect(findPeople(people, 'be').map((p) => p.name)).toEqual(['Bea', 'Ben', 'Abe']);
    expect(findPeople(people, '  ')).toEqual([]);
  });
});
