/**
 * What the train bench measures, shared by the report (parent) and the timed loop (child): the model
 * configs, one job per backend and thread count, and the figures a job hands back. Free of TensorFlow.js.
 */

/** A ResNet-18 to train: width multiplier and square input size. */
export interface TrainConfig {
  width: number;
  inputSize: number;
}

/**
 * How many steps to time: enough for about `targetSeconds`, within `minSteps..maxSteps`; the job's process
 * is killed after `limitMinutes` (a machine busy with other work can make a step take minutes).
 */
export interface StepPlan {
  warmup: number;
  targetSeconds: number;
  minSteps: number;
  maxSteps: number;
  limitMinutes: number;
}

/** One measurement: a config on one backend at one thread count, in a process of its own. */
export interface TrainJob {
  /** A tfjs backend name ('wasm', 'tensorflow', 'cpu') or 'pytorch'. */
  backend: string;
  /** Threads in all: per engine, or with `workers` > 1 the engines' count (one core each). */
  threads: number;
  /** Data-parallel engines, one ghost batch each (src-main/training/parallel/); absent: one engine. */
  workers?: number;
  config: TrainConfig;
  batch: number;
  classes: number;
  steps: StepPlan;
}

/** What a job reports. */
export interface TrainFigures {
  imagesPerSecond: number;
  msPerStep: number;
  steps: number;
  /** Weights with batch norm's moving statistics (tf.layers' countParams). */
  parameters: number;
  trainableParameters: number;
  /** Height (= width) of the last stage's feature map: the two implementations must agree. */
  featureSize: number;
  /** The child's resident memory once its runtime and modules are loaded, before the model is built. */
  startRssMiB: number;
  /** The child's peak resident memory over its whole life. */
  peakRssMiB: number;
  /** Live tensors after the warm-up and after the timed steps (tfjs only): equal, or a step leaks. */
  tensorsBefore?: number;
  tensorsAfter?: number;
  /** PyTorch only: the memory format it ran in, and both formats' probe times. */
  memoryFormat?: string;
  probeMs?: Record<string, number>;
  loss: number;
}

/** Set in a child: the {@link TrainJob} as JSON. */
export const trainJobVariable = 'FACEATLAS_BENCH_TRAIN_JOB';
/** Set in a child: where it writes its {@link TrainFigures}. */
export const trainResultVariable = 'FACEATLAS_BENCH_TRAIN_RESULT';

export const BATCH = 32;
/** The cpu backend's batch: a batch-32 step there takes over ten minutes on this machine. */
export const CPU_BATCH = 4;
export const CLASSES = 10;

const allConfigs: TrainConfig[] = [
  { width: 0.25, inputSize: 64 },
  { width: 0.25, inputSize: 112 },
  { width: 1, inputSize: 64 },
  { width: 1, inputSize: 112 },
];

/** The configs a run measures: all four, or with `--quick` the smallest. */
export function configsFor(quick: boolean): TrainConfig[] {
  return quick ? allConfigs.slice(0, 1) : allConfigs;
}

/**
 * Why the cpu backend skips a config, or null where it runs: its JavaScript convolution gradients take
 * minutes a batch-32 step (over 3.5 CPU-minutes at width 0.25, 64x64), so it runs on the smallest config
 * only, and not with `--quick`.
 */
export function cpuSkipReason(config: TrainConfig, quick: boolean): string | null {
  if (quick) return 'skipped with --quick (a batch-32 step takes minutes on the cpu backend)';
  if (config.width !== 0.25 || config.inputSize !== 64) return 'measured on width 0.25 at 64x64 only';
  return null;
}

/** Steps per job: ~15 s of timed steps (3 s with `--quick`); the cpu backend one after one warm-up. */
export function stepPlan(backend: string, quick: boolean): StepPlan {
  if (backend === 'cpu') return { warmup: 1, targetSeconds: 0, minSteps: 1, maxSteps: 1, limitMinutes: 30 };
  return quick
    ? { warmup: 2, targetSeconds: 3, minSteps: 2, maxSteps: 50, limitMinutes: 10 }
    : { warmup: 2, targetSeconds: 15, minSteps: 3, maxSteps: 200, limitMinutes: 30 };
}

/** Timed steps for a plan, given the duration of the last warm-up step. */
export function timedSteps(plan: StepPlan, warmStepMs: number): number {
  const wanted = Math.ceil((plan.targetSeconds * 1000) / Math.max(warmStepMs, 1));
  return Math.min(plan.maxSteps, Math.max(plan.minSteps, wanted));
}

/** A config as the tables name it. */
export function configLabel(config: TrainConfig): string {
  return `ResNet-18 width ${config.width} at ${config.inputSize}x${config.inputSize}`;
}
