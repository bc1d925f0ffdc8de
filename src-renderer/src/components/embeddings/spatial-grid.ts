/**
 * Uniform bins over the points' plane coordinates, so that hover picking and the lasso look at a few
 * bins instead of every point: a nearest-point query on 100k points touches a few dozen points.
 * Built with a counting sort into two flat arrays (no per-bin arrays, little garbage).
 */

export class SpatialGrid {
  readonly minX: number;
  readonly minY: number;
  readonly cellSize: number;
  readonly columns: number;
  readonly rows: number;
  /** Bin b holds items[starts[b] .. starts[b + 1]). */
  private readonly starts: Int32Array;
  private readonly items: Int32Array;

  /** `xy`: x, y pairs; `pointsPerCell`: the mean occupancy aimed at. */
  constructor(
    readonly xy: Float32Array,
    pointsPerCell = 4,
  ) {
    const n = xy.length >> 1;
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      const x = xy[i * 2] as number;
      const y = xy[i * 2 + 1] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (n === 0) [minX, minY, maxX, maxY] = [0, 0, 1, 1];
    const span = Math.max(maxX - minX, maxY - minY, 1e-9);
    const side = Math.max(1, Math.min(2048, Math.ceil(Math.sqrt(n / pointsPerCell))));
    this.cellSize = (span / side) * (1 + 1e-6);
    this.minX = minX;
    this.minY = minY;
    this.columns = Math.max(1, Math.ceil((maxX - minX) / this.cellSize) + 1);
    this.rows = Math.max(1, Math.ceil((maxY - minY) / this.cellSize) + 1);
    this.starts = new Int32Array(this.columns * this.rows + 1);
    this.items = new Int32Array(n);
    const cellOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const cell = this.cellIndex(xy[i * 2] as number, xy[i * 2 + 1] as number);
      cellOf[i] = cell;
      this.starts[cell + 1] = (this.starts[cell + 1] as number) + 1;
    }
    for (let c = 0; c < this.columns * this.rows; c++) {
      this.starts[c + 1] = (this.starts[c + 1] as number) + (this.starts[c] as number);
    }
    const fill = this.starts.slice(0, -1);
    for (let i = 0; i < n; i++) {
      const cell = cellOf[i] as number;
      const at = fill[cell] as number;
      this.items[at] = i;
      fill[cell] = at + 1;
    }
  }

  private column(x: number): number {
    return Math.max(0, Math.min(this.columns - 1, Math.floor((x - this.minX) / this.cellSize)));
  }

  private row(y: number): number {
    return Math.max(0, Math.min(this.rows - 1, Math.floor((y - this.minY) / this.cellSize)));
  }

  private cellIndex(x: number, y: number): number {
    return this.row(y) * this.columns + this.column(x);
  }

  /** Calls `visit` with every point whose bin overlaps the rectangle (a superset of the points in it). */
  visitRect(minX: number, minY: number, maxX: number, maxY: number, visit: (index: number) => void): void {
    if (this.items.length === 0 || maxX < minX || maxY < minY) return;
    const [c0, c1, r0, r1] = [this.column(minX), this.column(maxX), this.row(minY), this.row(maxY)];
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.columns + c;
        const end = this.starts[cell + 1] as number;
        for (let k = this.starts[cell] as number; k < end; k++) visit(this.items[k] as number);
      }
    }
  }

  /**
   * The point nearest (x, y) within `radius`, among those `accept` allows (all when absent); -1 if none.
   * Ties go to the later point, which is drawn on top.
   */
  nearest(x: number, y: number, radius: number, accept?: (index: number) => boolean): number {
    let best = -1;
    let bestDistance = radius * radius;
    this.visitRect(x - radius, y - radius, x + radius, y + radius, (i) => {
      const dx = (this.xy[i * 2] as number) - x;
      const dy = (this.xy[i * 2 + 1] as number) - y;
      const d = dx * dx + dy * dy;
      if (d <= bestDistance && (!accept || accept(i)) && (d < bestDistance || i > best)) {
        best = i;
        bestDistance = d;
      }
    });
    return best;
  }
}
