import type { DatasetClass, DatasetSplit, ExcludedPerson, SplitItem } from './split';

/**
 * A split as a run stores it (face ids, not faces): a resumed run trains on the faces it started with,
 * even if labels changed in between, and its final test uses the same held-out faces.
 */
export interface SplitRecord {
  /** [faceId, personId] pairs: a face relabeled since then no longer counts as what it was recorded as. */
  train: Array<[number, number]>;
  val: Array<[number, number]>;
  test: Array<[number, number]>;
  classes: DatasetClass[];
  excluded: ExcludedPerson[];
}

export function toSplitRecord<T extends SplitItem>(split: DatasetSplit<T>): SplitRecord {
  const ids = (items: readonly T[]): Array<[number, number]> =>
    items.map((item) => [item.faceId, item.personId]);
  return {
    train: ids(split.train),
    val: ids(split.val),
    test: ids(split.test),
    classes: split.classes,
    excluded: split.excluded,
  };
}

/**
 * The stored split over today's faces (`items`, e.g. the repository's labeledFaces). Faces gone since
 * (deleted, dismissed, or now someone else's) are dropped and their ids returned in `missing`; the classes stay as
 * recorded, since the model's outputs were laid out by them.
 */
export function fromSplitRecord<T extends SplitItem>(
  record: SplitRecord,
  items: readonly T[],
): { split: DatasetSplit<T>; missing: number[] } {
  const byId = new Map(items.map((item) => [item.faceId, item]));
  const missing: number[] = [];
  const look = (pairs: ReadonlyArray<[number, number]>): T[] =>
    pairs.flatMap(([faceId, personId]) => {
      const item = byId.get(faceId);
      if (item?.personId === personId) return [item];
      missing.push(faceId);
      return [];
    });
  const split = {
    train: look(record.train),
    val: look(record.val),
    test: look(record.test),
    classes: record.classes,
    excluded: record.excluded,
  };
  return { split, missing };
}
