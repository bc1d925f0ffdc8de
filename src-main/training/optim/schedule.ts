/**
 * Learning-rate schedules, pure functions of the step so that a resumed run gets the same rate at the same
 * step. No TensorFlow.js here: the config checks schedules in the main process.
 */
export const scheduleTypes = ['constant', 'step', 'cosine'] as const;

/** One of {@link scheduleTypes}. */
export type ScheduleType = (typeof scheduleTypes)[number];

/** Linear warmup from lr/W to lr over the first W steps; given in epochs or in steps (steps win). */
export interface Warmup {
  warmupEpochs?: number;
  warmupSteps?: number;
}

export type LearningRateSchedule =
  | ({ type: 'constant' } & Warmup)
  /** Multiplies the rate by `gamma` every `everySteps` steps or `everyEpochs` epochs, counted from step 0. */
  | ({ type: 'step'; gamma: number; everyEpochs?: number; everySteps?: number } & Warmup)
  /** Half a cosine from the base rate (after warmup) down to `floor` times it at the last step. */
  | ({ type: 'cosine'; floor?: number } & Warmup);

/** Steps of warmup: `warmupSteps`, else `warmupEpochs` whole or fractional epochs, else none. */
export function warmupStepsOf(schedule: Warmup, stepsPerEpoch: number): number {
  if (schedule.warmupSteps !== undefined) return schedule.warmupSteps;
  return Math.round((schedule.warmupEpochs ?? 0) * stepsPerEpoch);
}

/** The schedule's rate before warmup scales it. */
function scheduled(
  step: number,
  totalSteps: number,
  base: number,
  schedule: LearningRateSchedule,
  stepsPerEpoch: number,
  warmup: number,
): number {
  switch (schedule.type) {
    case 'constant':
      return base;
    case 'step': {
      const every = schedule.everySteps ?? Math.round((schedule.everyEpochs ?? 1) * stepsPerEpoch);
      return base * schedule.gamma ** Math.floor(step / Math.max(1, every));
    }
    case 'cosine': {
      // The cosine spans the steps after warmup, so the rate starts falling only once it has reached base.
      const span = Math.max(1, totalSteps - warmup);
      const progress = Math.min(1, Math.max(0, (step - warmup) / span));
      const floor = base * (schedule.floor ?? 0);
      return floor + ((base - floor) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}

/**
 * The learning rate of step `step` (0-based) of a run of `totalSteps` steps with `stepsPerEpoch` steps per
 * epoch. During warmup the scheduled rate is scaled by (step + 1) / warmupSteps, so the first step already
 * moves (a rate of 0 would waste it) and the last warmup step reaches the full rate.
 */
export function learningRateAt(
  step: number,
  totalSteps: number,
  base: number,
  schedule: LearningRateSchedule,
  stepsPerEpoch: number,
): number {
  if (!Number.isInteger(step) || step < 0)
    throw new Error(`schedule - step must be an integer >= 0, got ${step}`);
  if (!(stepsPerEpoch >= 1)) throw new Error(`schedule - stepsPerEpoch must be >= 1, got ${stepsPerEpoch}`);
  const warmup = warmupStepsOf(schedule, stepsPerEpoch);
  const rate = scheduled(step, totalSteps, base, schedule, stepsPerEpoch, warmup);
  return step < warmup ? (rate * (step + 1)) / warmup : rate;
}
