/**
 * An order of the classes for drawing a confusion matrix so that confusions cluster: people mistaken for
 * each other end up side by side, and the off-diagonal mass sits near the diagonal.
 *
 * Greedy seriation (the "greedy edge" heuristic of the travelling salesman, on confusion instead of
 * distance): every class starts as a chain of one; pairs are taken by how often they were confused, both
 * ways summed, most first, and a pair joins two chains when both of its classes are chain ends, so the
 * most confused pair is always adjacent and each chain is a path through strong confusions. Chains are
 * then laid out by their total confusion, most first; classes never confused come last, by name.
 * O(P log P) for P confused pairs, so it stays instant at thousands of people (a sparse matrix).
 */
export function confusionOrder(
  classes: number,
  confusion: ReadonlyArray<readonly [number, number, number]>,
  nameOf: (index: number) => string,
): number[] {
  const weights = new Map<string, { a: number; b: number; weight: number }>();
  for (const [actual, predicted, count] of confusion) {
    if (actual === predicted || count <= 0) continue;
    const [a, b] = actual < predicted ? [actual, predicted] : [predicted, actual];
    const key = `${a},${b}`;
    const entry = weights.get(key);
    if (entry) entry.weight += count;
    else weights.set(key, { a, b, weight: count });
  }
  const pairs = [...weights.values()].sort((x, y) => y.weight - x.weight || x.a - y.a || x.b - y.b);
  // chains[id] holds a path of classes; chainOf maps a class to its chain's id.
  const chains = new Map<number, number[]>();
  const chainOf = new Int32Array(classes);
  const mass = new Map<number, number>();
  for (let c = 0; c < classes; c++) {
    chains.set(c, [c]);
    chainOf[c] = c;
    mass.set(c, 0);
  }
  for (const { a, b, weight } of pairs) {
    const [ca, cb] = [chainOf[a]!, chainOf[b]!];
    mass.set(ca, mass.get(ca)! + (ca === cb ? weight : 0));
    if (ca === cb) continue;
    const left = chains.get(ca)!;
    const right = chains.get(cb)!;
    const aEnd = left[0] === a || left[left.length - 1] === a;
    const bEnd = right[0] === b || right[right.length - 1] === b;
    if (!aEnd || !bEnd) {
      // Not joinable without breaking a path: the confusion still counts towards both chains' weight.
      mass.set(ca, mass.get(ca)! + weight / 2);
      mass.set(cb, mass.get(cb)! + weight / 2);
      continue;
    }
    if (left[left.length - 1] !== a) left.reverse();
    if (right[0] !== b) right.reverse();
    const joined = left.concat(right);
    chains.delete(cb);
    chains.set(ca, joined);
    for (const c of right) chainOf[c] = ca;
    mass.set(ca, mass.get(ca)! + mass.get(cb)! + weight);
    mass.delete(cb);
  }
  const byName = (x: number, y: number): number => nameOf(x).localeCompare(nameOf(y)) || x - y;
  const ordered = [...chains.entries()].sort(
    ([idA, chainA], [idB, chainB]) =>
      mass.get(idB)! - mass.get(idA)! ||
      chainB.length - chainA.length ||
      byName(chainA[0]!, chainB[0]!) ||
      idA - idB,
  );
  return ordered.flatMap(([, chain]) => chain);
}
