import type { DatasetSplit, SplitItem } from './split';

export type SplitName = 'train' | 'val' | 'test';

export interface ClassCount {
  personId: number;
  name: string;
  faces: number;
}

/** How evenly one split's faces spread over its people. */
export interface SplitBalance {
  split: SplitName;
  faces: number;
  /** People with at least one face in this split. */
  classes: number;
  minFaces: number;
  medianFaces: number;
  maxFaces: number;
  /** Most faces over fewest: 1 is perfectly even; a classifier drifts to the big classes as it grows. */
  imbalanceRatio: number;
  /** The people with the fewest faces here, fewest first (ties by person id). */
  smallest: ClassCount[];
}

export interface ClassBalanceReport {
  splits: SplitBalance[];
  /** One sentence for a log line or the run's page. */
  summary: string;
}

/** The balance of each non-empty split, and a one-line summary that also names the people left out. */
export function classBalance<T extends SplitItem>(
  split: DatasetSplit<T>,
  smallestShown = 3,
): ClassBalanceReport {
  const splits = (['train', 'val', 'test'] as const)
    .filter((name) => split[name].length > 0)
    .map((name) => balanceOf(name, split[name], smallestShown));
  const parts = splits.map(
    (s) =>
      `${s.split} ${s.faces} faces of ${s.classes} people (${s.minFaces}-${s.maxFaces} each, ` +
      `median ${s.medianFaces}, imbalance ${s.imbalanceRatio.toFixed(1)}x)`,
  );
  const excluded = split.excluded.length;
  if (excluded > 0)
    parts.push(`${excluded} ${excluded === 1 ? 'person' : 'people'} left out with too few faces`);
  return { splits, summary: `${parts.join('; ')}.` };
}

function balanceOf<T extends SplitItem>(name: SplitName, items: readonly T[], shown: number): SplitBalance {
  const counts = new Map<number, ClassCount>();
  for (const item of items) {
    const count = counts.get(item.personId);
    if (count) count.faces++;
    else counts.set(item.personId, { personId: item.personId, name: item.personName, faces: 1 });
  }
  const sorted = [...counts.values()].sort((a, b) => a.faces - b.faces || a.personId - b.personId);
  const faces = sorted.map((c) => c.faces);
  const min = faces[0] ?? 0;
  const max = faces[faces.length - 1] ?? 0;
  return {
    split: name,
    faces: items.length,
    classes: sorted.length,
    minFaces: min,
    medianFaces: median(faces),
    maxFaces: max,
    imbalanceRatio: min > 0 ? max / min : 0,
    smallest: sorted.slice(0, shown),
  };
}

/** The middle value of ascending numbers (the mean of the two middle ones for an even count). */
function median(ascending: readonly number[]): number {
  const n = ascending.length;
  if (n === 0) return 0;
  const mid = Math.floor(n / 2);
  return n % 2 === 1
    ? (ascending[mid] as number)
    : ((ascending[mid - 1] as number) + (ascending[mid] as number)) / 2;
}
