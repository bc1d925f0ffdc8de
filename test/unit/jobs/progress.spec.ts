import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../../src-main/jobs/progress';

describe('progress meter', () => {
  it('derives rate and ETA from samples', () => {
    let now = 0;
    const meter = new ProgressMeter(() => now);
    expect(meter.sample('importing', 0, 100).etaSeconds).toBeNull();
    now = 1000;
    const p = meter.sample('importing', 10, 100);
    expect(p.rate).toBeCloseTo(10);
    expect(p.etaSeconds).toBeCloseTo(9);
  });

  it('smooths a burst instead of jumping to it', () => {
    let now = 0;
    const meter = new ProgressMeter(() => now, 0.3);
    meter.sample('x', 0, 1000);
    now = 1000;
    meter.sample('x', 10, 1000);
    now = 2000;
    const burst = meter.sample('x', 510, 1000);
    expect(burst.rate).toBeCloseTo(0.3 * 500 + 0.7 * 10);
  });

  it('has no ETA while the total is unknown', () => {
    let now = 0;
    const meter = new ProgressMeter(() => now);
    now = 1000;
    expect(meter.sample('scanning', 500, 0).etaSeconds).toBeNull();
  });
});
