import { describe, expect, it } from 'vitest';
import { learningRateAt, type LearningRateSchedule } from '../../../src-main/training/optim/schedule';

/** The rate at every step of a run. */
const rates = (
  schedule: LearningRateSchedule,
  totalSteps: number,
  stepsPerEpoch: number,
  base = 0.1,
): number[] =>
  Array.from({ length: totalSteps }, (_, step) =>
    learningRateAt(step, totalSteps, base, schedule, stepsPerEpoch),
  );

describe('learningRateAt', () => {
  it('constant: the base rate at every step', () => {
    expect(rates({ type: 'constant' }, 5, 5)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
  });

  it('warms up linearly from base/W to base over W steps, then follows the schedule', () => {
    const warm = rates({ type: 'constant', warmupSteps: 4 }, 8, 2);
    expect(warm.slice(0, 5)).toEqual(
      [0.025, 0.05, 0.075, 0.1, 0.1].map((r) => expect.closeTo(r, 12) as unknown),
    );
    // Warmup in epochs counts steps per epoch: 2 epochs of 2 steps is the same 4 steps.
    expect(rates({ type: 'constant', warmupEpochs: 2 }, 8, 2)).toEqual(warm);
    // Fractional epochs round to whole steps.
    expect(rates({ type: 'constant', warmupEpochs: 0.5 }, 8, 4)[0]).toBeCloseTo(0.05, 12);
  });

  it('step: multiplies by gamma every N epochs (or steps), counted from step 0', () => {
    const byEpochs = rates({ type: 'step', gamma: 0.5, everyEpochs: 2 }, 12, 2);
    expect(byEpochs).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025]);
    expect(rates({ type: 'step', gamma: 0.5, everySteps: 4 }, 12, 2)).toEqual(byEpochs);
  });

  it('cosine: from base after warmup down towards the floor, never rising', () => {
    const schedule: LearningRateSchedule = { type: 'cosine', floor: 0.1, warmupSteps: 2 };
    const run = rates(schedule, 102, 10, 1);
    expect(run[1]).toBe(1); // the last warmup step reaches base
    expect(run[2]).toBe(1); // the cosine starts at base
    expect(run[52]).toBeCloseTo(0.55, 12); // halfway: the middle between base and floor
    expect(run[101]).toBeGreaterThan(0.1);
    expect(run[101]).toBeLessThan(0.1003); // one step short of the floor, as in PyTorch
    for (let step = 2; step < run.length - 1; step++) expect(run[step + 1]).toBeLessThanOrEqual(run[step]!);
    // Past the run's end it stays at the floor.
    expect(learningRateAt(500, 102, 1, schedule, 10)).toBeCloseTo(0.1, 12);
  });

  it('cosine without a floor goes to zero', () => {
    expect(learningRateAt(100, 100, 0.1, { type: 'cosine' }, 10)).toBe(0);
  });

  it('refuses a negative or fractional step', () => {
    expect(() => learningRateAt(-1, 10, 0.1, { type: 'constant' }, 5)).toThrow(
      'step must be an integer >= 0',
    );
    expect(() => learningRateAt(1.5, 10, 0.1, { type: 'constant' }, 5)).toThrow(
      'step must be an integer >= 0',
    );
  });
});
