export { createGradientStep } from './create-gradient-step';
export { localGradientStep, type GradientStep, type StepGradients } from './gradient-step';
export type { GradientBatch } from './ghost-shards';
export { parallelGradientStep, type ParallelOptions } from './parallel-gradient-step';
export { MAX_WORKERS, replicasFor, shardsFor, type WorkersSetting } from './worker-count';
