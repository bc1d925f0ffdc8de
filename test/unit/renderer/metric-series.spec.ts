import { describe, expect, it } from 'vitest';
import { MetricSeries } from '../../../src-renderer/src/util/metric-series';

const loss = (
  step: number,
  value = step,
): { epoch: number; step: number; split: string; name: string; value: number } => ({
  epoch: 0,
  step,
  split: 'train',
  name: 'loss',
  value,
});

describe('MetricSeries', () => {
  it('stays within its capacity however many steps come, keeping the extremes', () => {
    const series = new MetricSeries(100);
    for (let step = 0; step < 100_000; step++) series.add(loss(step, step === 777 ? -5 : 1));
    expect(series.points.length).toBeLessThanOrEqual(100);
    expect(Math.min(...series.points.map((p) => p.min))).toBe(-5);
    expect(series.points.at(-1)!.step).toBe(99_999);
  });

  it('replaces the steps a resumed run replays instead of drawing them twice', () => {
    const series = new MetricSeries(1000);
    for (let step = 0; step < 10; step++) series.add(loss(step));
    // Stopped at step 9, resumed from the checkpoint at step 6.
    for (let step = 6; step < 12; step++) series.add(loss(step, 100 + step));
    expect(series.points.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(series.points[6]!.value).toBe(106);
  });

  it('merges downsampled buckets from the backend with live points after them', () => {
    const series = new MetricSeries(1000);
    series.add({ ...loss(63, 2), min: 1, max: 9 });
    series.add(loss(64, 3));
    expect(series.points).toEqual([
      { epoch: 0, step: 63, value: 2, min: 1, max: 9 },
      { epoch: 0, step: 64, value: 3, min: 3, max: 3 },
    ]);
  });
});
