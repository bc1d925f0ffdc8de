/**
 * A run's metric curve kept at a bounded size however long the run: points are buckets of `width` steps
 * (the bucket's last value, with its min and max), and when there are more than `capacity` buckets the
 * width doubles and neighbours merge. The backend downsamples the same way (power-of-two widths), so a
 * downsampled catch-up and the live points that follow it fit together. The chart draws what is here.
 */
import type { RunMetric } from '../../../src-main/api/contract';

export interface SeriesPoint {
  epoch: number;
  step: number;
  value: number;
  min: number;
  max: number;
}

export class MetricSeries {
  width = 1;
  points: SeriesPoint[] = [];

  constructor(readonly capacity = 1000) {}

  /** Adds a point (or a downsampled bucket). A step at or before the last one means the run was resumed
   * from an earlier checkpoint: the replayed steps replace what was drawn after it. */
  add(metric: RunMetric): void {
    const point: SeriesPoint = {
      epoch: metric.epoch,
      step: metric.step,
      value: metric.value,
      min: metric.min ?? metric.value,
      max: metric.max ?? metric.value,
    };
    let last = this.points.at(-1);
    if (last && point.step <= last.step) {
      const keep = this.points.findIndex((p) => p.step >= point.step);
      this.points.length = keep < 0 ? this.points.length : keep;
      last = this.points.at(-1);
    }
    if (last && Math.floor(last.step / this.width) === Math.floor(point.step / this.width)) {
      this.points[this.points.length - 1] = merge(last, point);
    } else {
      this.points.push(point);
    }
    while (this.points.length > this.capacity) this.coarsen();
  }

  /** Doubles the bucket width, merging the points that now share a bucket. */
  private coarsen(): void {
    this.width *= 2;
    const merged: SeriesPoint[] = [];
    for (const point of this.points) {
      const last = merged.at(-1);
      if (last && Math.floor(last.step / this.width) === Math.floor(point.step / this.width)) {
        merged[merged.length - 1] = merge(last, point);
      } else merged.push(point);
    }
    this.points = merged;
  }
}

function merge(earlier: SeriesPoint, later: SeriesPoint): SeriesPoint {
  return {
    epoch: later.epoch,
    step: later.step,
    value: later.value,
    min: Math.min(earlier.min, later.min),
    max: Math.max(earlier.max, later.max),
  };
}

/** The key of a metric's series: its split and name (`train/loss`, `val/accuracy`). */
export function seriesKey(metric: Pick<RunMetric, 'split' | 'name'>): string {
  return `${metric.split}/${metric.name}`;
}
