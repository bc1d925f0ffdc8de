import type { FaceSet } from './types';
import { UnionFind } from './union-find';

/**
 * Faces reduced to groups: each must-link group becomes one node, every other face a node of its own, and
 * the cannot-links (photo-mates and explicit pairs) become links between groups. The algorithms cluster
 * groups, so a must-link can never be broken and a cannot-link is one lookup per group.
 */
export interface ConstraintGroups {
  /** Number of faces. */
  n: number;
  /** Number of groups; groups are numbered in order of their first face. */
  count: number;
  /** The group of each face. */
  groupOf: Int32Array;
  /** Faces of group g: `members[memberStart[g] .. memberStart[g + 1])`. */
  memberStart: Int32Array;
  members: Int32Array;
  /** Groups cannot-linked to group g: `cannot[cannotStart[g] .. cannotStart[g + 1])`, sorted, unique. */
  cannotStart: Int32Array;
  cannot: Int32Array;
}

/** Builds the groups of n faces from their photo ids, cannot-links and must-links. */
export function buildGroups(constraints: Omit<FaceSet, 'vectors' | 'dim'>, n: number): ConstraintGroups {
  const union = new UnionFind(n);
  for (const group of constraints.mustLink ?? []) {
    for (const face of group) union.union(checkFace(face, n), checkFace(group[0]!, n));
  }
  const groupOf = new Int32Array(n).fill(-1);
  const rootGroup = new Int32Array(n).fill(-1);
  let count = 0;
  for (let face = 0; face < n; face++) {
    const root = union.find(face);
    if (rootGroup[root] === -1) rootGroup[root] = count++;
    groupOf[face] = rootGroup[root]!;
  }
  const { start: memberStart, items: members } = toLists(
    count,
    Array.from(groupOf, (group, face) => [group, face] as const),
  );

  const pairs: Array<readonly [number, number]> = [];
  const addPair = (a: number, b: number): void => {
    const ga = groupOf[a]!;
    const gb = groupOf[b]!;
    // A cannot-link inside a must-link group is dropped: the confirmation is the user's explicit word.
    if (ga !== gb) pairs.push([ga, gb], [gb, ga]);
  };
  const byPhoto = new Map<number, number[]>();
  for (let face = 0; face < n; face++) {
    const photo = constraints.photoIds[face]!;
    const faces = byPhoto.get(photo);
    if (faces) faces.push(face);
    else byPhoto.set(photo, [face]);
  }
  for (const faces of byPhoto.values()) {
    for (let i = 0; i < faces.length; i++)
      for (let j = i + 1; j < faces.length; j++) addPair(faces[i]!, faces[j]!);
  }
  for (const [a, b] of constraints.cannotLink ?? []) addPair(checkFace(a, n), checkFace(b, n));
  const { start: cannotStart, items: cannot } = toLists(count, pairs, true);
  return { n, count, groupOf, memberStart, members, cannotStart, cannot };
}

/** True when groups a and b are cannot-linked (a photo-mate or an explicit pair between them). */
export function groupsCannotLink(groups: ConstraintGroups, groupA: number, groupB: number): boolean {
  const { cannot, cannotStart } = groups;
  for (let at = cannotStart[groupA]!; at < cannotStart[groupA + 1]!; at++)
    if (cannot[at] === groupB) return true;
  return false;
}

function checkFace(face: number, n: number): number {
  if (!Number.isInteger(face) || face < 0 || face >= n)
    throw new Error(`buildGroups: face index ${face} outside 0..${n - 1}`);
  return face;
}

/** Compressed lists (offsets + items) of `count` keys from (key, item) pairs; optionally sorted and unique. */
function toLists(
  count: number,
  pairs: ReadonlyArray<readonly [number, number]>,
  unique = false,
): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(count + 1);
  for (const [key] of pairs) start[key + 1]!++;
  for (let g = 0; g < count; g++) start[g + 1] = start[g + 1]! + start[g]!;
  const fill = start.slice(0, count);
  const items = new Int32Array(pairs.length);
  for (const [key, item] of pairs) items[fill[key]!++] = item;
  if (!unique) return { start, items };
  const outStart = new Int32Array(count + 1);
  const out: number[] = [];
  for (let g = 0; g < count; g++) {
    const row = Array.from(items.subarray(start[g], start[g + 1])).sort((a, b) => a - b);
    row.forEach((item, i) => {
      if (i === 0 || item !== row[i - 1]) out.push(item);
    });
    outStart[g + 1] = out.length;
  }
  return { start: outStart, items: Int32Array.from(out) };
}
