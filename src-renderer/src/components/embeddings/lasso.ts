/**
 * Lasso (free polygon) and brush (rectangle) selection on plane coordinates: the spatial grid narrows the
 * candidates to the polygon's bounding box, then an even-odd ray test decides each one.
 */
import type { SpatialGrid } from './spatial-grid';

/** Even-odd rule: true when (x, y) is inside the polygon given as x, y pairs (closed implicitly). */
export function pointInPolygon(x: number, y: number, polygon: ArrayLike<number>): boolean {
  const n = polygon.length >> 1;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = polygon[i * 2] as number;
    const yi = polygon[i * 2 + 1] as number;
    const xj = polygon[j * 2] as number;
    const yj = polygon[j * 2 + 1] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The polygon's bounding box: [minX, minY, maxX, maxY]. */
export function boundsOf(polygon: ArrayLike<number>): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 1 < polygon.length; i += 2) {
    const x = polygon[i] as number;
    const y = polygon[i + 1] as number;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

/** The indices of the points inside a polygon (at least 3 vertices), ascending. */
export function selectInPolygon(
  grid: SpatialGrid,
  polygon: ArrayLike<number>,
  accept?: (index: number) => boolean,
): number[] {
  if (polygon.length < 6) return [];
  const [minX, minY, maxX, maxY] = boundsOf(polygon);
  const chosen: number[] = [];
  grid.visitRect(minX, minY, maxX, maxY, (i) => {
    const x = grid.xy[i * 2] as number;
    const y = grid.xy[i * 2 + 1] as number;
    if (x < minX || x > maxX || y < minY || y > maxY) return;
    if ((!accept || accept(i)) && pointInPolygon(x, y, polygon)) chosen.push(i);
  });
  return chosen.sort((a, b) => a - b);
}

/** The rectangle between two corners as a polygon (for the brush). */
export function rectPolygon(x0: number, y0: number, x1: number, y1: number): number[] {
  return [x0, y0, x1, y0, x1, y1, x0, y1];
}

/** Drops path points closer than `minStep` to the last kept one (a mouse path has many). */
export function simplifyPath(path: readonly number[], minStep: number): number[] {
  const kept: number[] = [];
  for (let i = 0; i + 1 < path.length; i += 2) {
    const x = path[i] as number;
    const y = path[i + 1] as number;
    const n = kept.length;
    if (n >= 2 && Math.hypot(x - (kept[n - 2] as number), y - (kept[n - 1] as number)) < minStep) continue;
    kept.push(x, y);
  }
  return kept;
}
