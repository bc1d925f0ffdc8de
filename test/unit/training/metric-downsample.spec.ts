import { describe, expect, it } from 'vitest';
import type { RunMetricRow } from '../../../src-main/catalog/run.repository';
import { downsampleMetrics } from '../../../src-main/training/metric-downsample';

function losses(steps: number, value: (step: number) => number): RunMetricRow[] {
  return Array.from({ length: steps }, (_, step) => ({
    epoch: Math.floor(step / 1000),
    step,
    split: 'train',
    name: 'loss',
    value: value(step),
  }));
}

describe('downsampleMetrics', () => {
  it('keeps a series that fits as it is', () => {
    const rows = losses(50, (s) => s);
    expect(downsampleMetrics(rows, 100)).toEqual(rows);
  });

  it('brings 100k steps to the points asked, each bucket its last value with its min and max', () => {
    // A spike at step 54_321 must survive as some bucket's max.
    const rows = losses(100_000, (s) => (s === 54_321 ? 50 : 1 + (s % 10) / 10));
    const out = downsampleMetrics(rows, 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out.length).toBeGreaterThan(500);
    expect(Math.max(...out.map((p) => p.max!))).toBe(50);
    expect(Math.min(...out.map((p) => p.min!))).toBe(1);
    expect(out.at(-1)).toMatchObject({ step: 99_999, value: rows.at(-1)!.value });
    const steps = out.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('downsamples each series on its own: per-epoch validation rows stay whole', () => {
    const val = Array.from({ length: 10 }, (_, epoch) => ({
      epoch,
      step: epoch * 10_000 + 9_999,
      split: 'val',
      name: 'loss',
      value: epoch,
    }));
    const rows = [...losses(100_000, () => 1), ...val].sort((a, b) => a.step - b.step);
    const out = downsampleMetrics(rows, 200);
    expect(out.filter((p) => p.split === 'val')).toEqual(val);
    expect(out.filter((p) => p.split === 'train').length).toBeLessThanOrEqual(200);
  });
});
