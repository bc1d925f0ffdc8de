/**
 * The scatter's controller: owns the camera, the renderer, the picking grid and the frame loop. While the
 * camera moves it draws a cheap frame (by default a fixed random subset of the points; see MovingStrategy
 * and the README for the measurements), and `settleMs` after the last move it draws every point again. Plain TypeScript over a canvas, so the bench drives exactly what the view uses.
 */
import { clipMatrix, fitCamera, planeCoords, toPlane, toScreen, type Camera, type Size } from './camera';
import { selectInPolygon } from './lasso';
import { lodOrder, pointDiameter, subsetSize } from './level-of-detail';
import { ScatterRenderer } from './scatter-renderer';
import { SpatialGrid } from './spatial-grid';

/**
 * How frames are drawn while moving: 'subset' (default: a fixed random subset), 'snapshot' (the last full
 * frame moved as one textured quad), or 'full' (every point, every frame: the bench's baseline).
 */
export type MovingStrategy = 'snapshot' | 'subset' | 'full';

/** What a plain drag does: pan (turn, on a 3D map), draw a lasso, or draw a rectangle. */
export type Tool = 'pan' | 'lasso' | 'brush';

/** What ScatterCanvas.vue exposes to its view (typed here: .vue types do not reach the linter). */
export interface ScatterHandle {
  zoom(factor: number): void;
  pan(fx: number, fy: number): void;
  focusOn(indices: readonly number[]): void;
  reset(): void;
  pagePositionOf(index: number): [number, number] | null;
  pixelAt(index: number): [number, number, number, number] | null;
  rendererName(): string;
}

export interface ScatterOptions {
  strategy?: MovingStrategy;
  /** Points drawn per frame by the 'subset' strategy (and while a 3D map turns). */
  subsetBudget?: number;
  /** The snapshot covers the canvas plus this fraction of its size on each side. */
  snapshotMargin?: number;
  settleMs?: number;
}

interface SnapshotState {
  camera: Camera;
  /** The snapshot's area in CSS pixels. */
  width: number;
  height: number;
}

/** The middle of the points' bounding box, per axis. */
function boxMiddle(coords: ArrayLike<number>, dims: number): number[] {
  const low = new Array<number>(dims).fill(Infinity);
  const high = new Array<number>(dims).fill(-Infinity);
  for (let i = 0; i < coords.length; i++) {
    const d = i % dims;
    const value = coords[i] as number;
    if (value < (low[d] as number)) low[d] = value;
    if (value > (high[d] as number)) high[d] = value;
  }
  return low.map((l, d) => (Number.isFinite(l) ? (l + (high[d] as number)) / 2 : 0));
}

export class ScatterView {
  readonly renderer: ScatterRenderer;
  camera: Camera = { centerX: 0, centerY: 0, scale: 100, yaw: 0, pitch: 0 };
  size: Size = { width: 1, height: 1 };
  /** Device pixels per CSS pixel. */
  pixelRatio = 1;
  dims: 2 | 3 = 2;
  /** Plane coordinates (x, y per point) for the current rotation; the grid is built over them. */
  plane = new Float32Array(0);
  grid = new SpatialGrid(new Float32Array(0));
  /** Called after each drawn frame (the view redraws its overlay then). */
  onFrame: (() => void) | null = null;
  private coords = new Float32Array(0);
  private fitScale = 100;
  private readonly options: Required<ScatterOptions>;
  private moving = false;
  private dirty = true;
  private frameRequest = 0;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private snapshot: SnapshotState | null = null;
  private planeRotation = { yaw: 0, pitch: 0 };
  /** False until the camera is moved: until then a resize fits the points to the new size. */
  private moved = false;

  constructor(
    readonly canvas: HTMLCanvasElement,
    options: ScatterOptions = {},
  ) {
    this.renderer = new ScatterRenderer(canvas);
    this.options = {
      strategy: 'subset',
      subsetBudget: 12_000,
      snapshotMargin: 0.25,
      settleMs: 150,
      ...options,
    };
  }

  get pointCount(): number {
    return this.plane.length >> 1;
  }

  /** Sets the canvas's CSS size and pixel ratio; the drawing buffer follows. */
  resize(width: number, height: number, pixelRatio: number): void {
    this.size = { width: Math.max(1, width), height: Math.max(1, height) };
    this.pixelRatio = pixelRatio;
    this.canvas.width = Math.max(1, Math.round(this.size.width * pixelRatio));
    this.canvas.height = Math.max(1, Math.round(this.size.height * pixelRatio));
    const fitted = fitCamera(this.plane, this.size, this.camera);
    this.fitScale = fitted.scale;
    if (!this.moved) this.camera = fitted;
    this.invalidate();
  }

  /** New points (`dims` numbers each) and their colours; `fit` moves the camera to show them all. */
  setData(coords: ArrayLike<number>, dims: 2 | 3, colours: Uint8Array, fit: boolean): void {
    this.dims = dims;
    const n = Math.floor(coords.length / dims);
    // A 3D map turns about the middle of its points (so they stay in view), not about the data origin.
    const middle = dims === 3 ? boxMiddle(coords, 3) : [0, 0, 0];
    this.coords = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < dims; d++) {
        this.coords[i * 3 + d] = (coords[i * dims + d] as number) - (middle[d] as number);
      }
    }
    this.renderer.setPositions(this.coords);
    this.renderer.setColours(colours);
    this.renderer.setSubset(lodOrder(n, 7), subsetSize(n, this.options.subsetBudget));
    if (fit || dims === 2) this.camera = { ...this.camera, yaw: 0, pitch: 0 };
    this.rebuildPlane();
    const fitted = fitCamera(this.plane, this.size, this.camera);
    this.fitScale = fitted.scale;
    if (fit) {
      this.camera = fitted;
      this.moved = false;
    }
    this.invalidate();
  }

  /** New colours for the same points (a filter, a selection, new labels). */
  setColours(colours: Uint8Array): void {
    this.renderer.setColours(colours);
    this.invalidate();
  }

  private rebuildPlane(): void {
    // The coordinates are stored as x, y, z (z = 0 on 2D maps, which never turn).
    const rotation = this.dims === 2 ? { yaw: 0, pitch: 0 } : this.camera;
    this.plane = planeCoords(this.coords, 3, { ...this.camera, ...rotation });
    this.planeRotation = { yaw: rotation.yaw, pitch: rotation.pitch };
    this.grid = new SpatialGrid(this.plane);
  }

  /** Moves the camera; `moving` frames are cheap, and a full frame follows once the moves stop. */
  setCamera(camera: Camera, moving = true): void {
    this.camera = camera;
    this.moved = true;
    if (moving && this.options.strategy !== 'full') {
      this.moving = true;
      clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => this.settle(), this.options.settleMs);
      this.requestFrame();
    } else this.settle();
  }

  /** Shows every point again now (also what the settle timer does). */
  settle(): void {
    clearTimeout(this.settleTimer);
    this.moving = false;
    if (this.camera.yaw !== this.planeRotation.yaw || this.camera.pitch !== this.planeRotation.pitch) {
      this.rebuildPlane();
    }
    this.invalidate();
  }

  /** Marks the full drawing stale and asks for a frame. */
  invalidate(): void {
    this.dirty = true;
    this.snapshot = null;
    this.requestFrame();
  }

  /** Fits the camera to the points again. */
  reset(): void {
    this.camera = fitCamera(this.plane, this.size, { yaw: 0, pitch: 0 });
    this.moved = false;
    this.settle();
  }

  requestFrame(): void {
    if (this.frameRequest) return;
    this.frameRequest = requestAnimationFrame(() => {
      this.frameRequest = 0;
      this.frame();
    });
  }

  /** Draws one frame now (the frame loop calls this; tests and the bench may too). */
  frame(): void {
    if (this.moving) this.drawMoving();
    else if (this.dirty) this.drawFull();
    this.onFrame?.();
  }

  private pointSize(): number {
    return pointDiameter(this.camera.scale, this.fitScale, this.pointCount) * this.pixelRatio;
  }

  private drawMoving(): void {
    const rotated =
      this.snapshot &&
      (this.snapshot.camera.yaw !== this.camera.yaw || this.snapshot.camera.pitch !== this.camera.pitch);
    if (this.options.strategy === 'snapshot' && this.snapshot && !rotated) {
      this.renderer.showSnapshot(this.snapshotRect(this.snapshot));
    } else {
      this.renderer.draw(clipMatrix(this.camera, this.size, this.dims), this.pointSize(), 'subset');
    }
    this.dirty = true;
  }

  private drawFull(): void {
    this.dirty = false;
    if (this.options.strategy !== 'snapshot') {
      this.renderer.draw(clipMatrix(this.camera, this.size, this.dims), this.pointSize());
      return;
    }
    // Draw into a snapshot a margin larger than the canvas, then show it 1:1: a pan then reveals drawn
    // points for a while before the next full frame.
    const side = this.renderer.maxSnapshotSide;
    const margin = this.options.snapshotMargin;
    const marginX = Math.round(this.canvas.width * margin);
    const marginY = Math.round(this.canvas.height * margin);
    const width = Math.min(side, this.canvas.width + 2 * marginX);
    const height = Math.min(side, this.canvas.height + 2 * marginY);
    const state: SnapshotState = {
      camera: this.camera,
      width: width / this.pixelRatio,
      height: height / this.pixelRatio,
    };
    const size = { width: state.width, height: state.height };
    this.renderer.drawSnapshot(clipMatrix(this.camera, size, this.dims), this.pointSize(), width, height);
    this.snapshot = state;
    this.renderer.showSnapshot(this.snapshotRect(state));
  }

  /** Where the snapshot lies on the canvas now, in clip coordinates. */
  private snapshotRect(state: SnapshotState): [number, number, number, number] {
    const { camera } = state;
    const halfW = state.width / 2 / camera.scale;
    const halfH = state.height / 2 / camera.scale;
    const [x0, y0] = toScreen(this.camera, this.size, camera.centerX - halfW, camera.centerY - halfH);
    const [x1, y1] = toScreen(this.camera, this.size, camera.centerX + halfW, camera.centerY + halfH);
    const clip = (x: number, y: number): [number, number] => [
      (x / this.size.width) * 2 - 1,
      1 - (y / this.size.height) * 2,
    ];
    return [...clip(x0, y0), ...clip(x1, y1)];
  }

  /** A point's position on the screen (CSS pixels), for the given rotation's plane. */
  screenOf(index: number): [number, number] {
    return toScreen(
      this.camera,
      this.size,
      this.plane[index * 2] as number,
      this.plane[index * 2 + 1] as number,
    );
  }

  /** The point nearest a screen position within `radius` CSS pixels; -1 if none. */
  pick(sx: number, sy: number, radius: number, accept?: (index: number) => boolean): number {
    if (this.moving) return -1;
    const [px, py] = toPlane(this.camera, this.size, sx, sy);
    return this.grid.nearest(px, py, radius / this.camera.scale, accept);
  }

  /** The points inside a polygon drawn on the screen (x, y pairs, CSS pixels). */
  selectScreenPolygon(polygon: readonly number[], accept?: (index: number) => boolean): number[] {
    const plane: number[] = [];
    for (let i = 0; i + 1 < polygon.length; i += 2) {
      plane.push(...toPlane(this.camera, this.size, polygon[i] as number, polygon[i + 1] as number));
    }
    return selectInPolygon(this.grid, plane, accept);
  }

  /** Zooms and centres on some points (find a person). */
  focusOn(indices: readonly number[]): void {
    if (indices.length === 0) return;
    const xy = new Float32Array(indices.length * 2);
    indices.forEach((index, k) => {
      xy[k * 2] = this.plane[index * 2] as number;
      xy[k * 2 + 1] = this.plane[index * 2 + 1] as number;
    });
    const fitted = fitCamera(xy, this.size, this.camera, 0.25);
    const scale = Math.min(fitted.scale, this.fitScale * 40);
    this.setCamera({ ...fitted, scale }, false);
  }

  dispose(): void {
    clearTimeout(this.settleTimer);
    cancelAnimationFrame(this.frameRequest);
    this.renderer.dispose();
  }
}
