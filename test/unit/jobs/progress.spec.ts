import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../../src-main/jobs/progress';

/** Drives a meter with a fake clock: `at(ms, done)` samples at that time. */
function fakeMeter(phase = 'importing', total = 1000) {
  let now = 0;
  const meter = new ProgressMeter(() => now);
  return {
    at(ms: number, done: number, samplePhase = phase) {
      now = ms;
      return meter.sample(samplePhase, done, total);
    },
  };
}

describe('progress meter', () => {
  it('derives rate and ETA from samples', () => {
    const meter = fakeMeter('importing', 100);
    expect(meter.at(0, 0).etaSeconds).toBeNull();
    const p = meter.at(1000, 10);
    expect(p.rate).toBeCloseTo(10);
    expect(p.etaSeconds).toBeCloseTo(9);
  });

  it('has no ETA while the total is unknown', () => {
    const meter = fakeMeter('scanning', 0);
    meter.at(0, 0);
    expect(meter.at(1000, 500).etaSeconds).toBeNull();
  });

  it('forgets a burst once it leaves the window', () => {
    const meter = fakeMeter();
    meter.at(0, 0);
    meter.at(100, 400); // 400 unchanged files skipped at once
    let p = meter.at(1000, 402);
    expect(p.rate).toBeGreaterThan(100);
    for (let t = 2000, done = 404; t <= 40_000; t += 1000, done += 2) p = meter.at(t, done);
    expect(p.rate).toBeCloseTo(2, 5);
  });

  it('starts afresh when the phase changes, even when the count falls back', () => {
    // The lfw-view1 bug: scanning counted 4,992 files at thousands per second; the import phase then
    // counted from 0 at ~8 photos/s, and the meter kept promising an ETA of a second for minutes.
    const meter = fakeMeter('scanning', 0);
    let p = meter.at(0, 0);
    for (let t = 250; t <= 1500; t += 250) p = meter.at(t, Math.round((t / 1500) * 4992), 'scanning');
    expect(p.rate).toBeGreaterThan(3000);
    const total = 4992;
    const truth = 8;
    let now = 1500;
    let done = 0;
    const sampleImport = (): ReturnType<ProgressMeter['sample']> => meter.at(now, done, 'importing');
    p = sampleImport();
    expect(p.rate).toBe(0);
    expect(p.etaSeconds).toBeNull();
    // After the first 10% of the run, the rate and the ETA are within 25% of the truth.
    while (done < total) {
      now += 250;
      done = Math.min(total, done + 2);
      p = { ...sampleImport(), total };
      if (done >= total / 10) {
        expect(Math.abs(p.rate - truth) / truth).toBeLessThan(0.25);
        const trueEta = (total - done) / truth;
        if (p.etaSeconds !== null && trueEta > 0) {
          expect(Math.abs(p.etaSeconds - trueEta)).toBeLessThanOrEqual(0.25 * trueEta + 1e-9);
        }
      }
    }
  });

  it('starts afresh when the count goes back within one phase', () => {
    const meter = fakeMeter();
    meter.at(0, 0);
    expect(meter.at(1000, 1000).rate).toBeCloseTo(1000);
    const p = meter.at(1100, 5);
    expect(p.rate).toBe(0);
    expect(meter.at(2100, 15).rate).toBeCloseTo(10);
  });
});
