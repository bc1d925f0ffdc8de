/**
 * Level of detail while the map moves: a fixed random subset of the points (the first `count` of a seeded
 * permutation), drawn through an index buffer, keeps the density picture of the whole set at a fraction
 * of the cost. Used while a 3D map turns; panning and zooming move a snapshot instead (see README).
 */

/** A seeded permutation of 0..n-1 (Fisher-Yates with mulberry32): the same map, the same subset. */
export function lodOrder(n: number, seed = 1): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  return order;
}

/** How many points to draw while moving: all of a small map, `budget` of a large one. */
export function subsetSize(n: number, budget: number): number {
  return Math.min(n, Math.max(0, Math.floor(budget)));
}

/**
 * The point diameter in CSS pixels for a zoom: grows slowly as one zooms in (so clusters separate),
 * and shrinks for large maps (so 100k points do not merge into one blob).
 */
export function pointDiameter(scale: number, fitScale: number, points: number): number {
  const base = points > 50_000 ? 2 : points > 5_000 ? 3 : points > 500 ? 5 : 8;
  const zoom = Math.sqrt(Math.max(scale / Math.max(fitScale, 1e-9), 0.25));
  return Math.max(1.5, Math.min(16, base * zoom));
}
