import os from 'node:os';

/** The most workers a run may ask for. */
export const MAX_WORKERS = 16;

/**
 * The smallest ghost batch "auto" makes: batch norm's error grows quickly below 16 examples per batch
 * (Wu & He 2018, figure 1: ResNet-50 on ImageNet loses ~1 point at 8, ~4 at 4), so the default batch of
 * 32 is split in two at most, whatever the core count.
 */
export const MIN_AUTO_SHARD = 16;

/** What a run's `workers` field asks for: a count, or one per core where that pays. */
export type WorkersSetting = number | 'auto';

/**
 * Ghost batches per batch for a new run. An explicit count is taken as it is (the config refused one
 * above the batch size). `auto` splits a network's batch one shard per core, on every backend, down to
 * {@link MIN_AUTO_SHARD} examples where batch norm normalises by the shard: wasm runs one thread per
 * engine, and native tfjs-node one per process (vision/native-env.ts), so one engine per core is how a
 * run uses the others. A head on embeddings takes milliseconds a step, less than a message to a worker. A
 * resumed run does not come here: it keeps its checkpoint's count, which decides its losses.
 */
export function shardsFor(options: {
  workers: WorkersSetting;
  batchSize: number;
  mode: 'head' | 'scratch' | 'finetune';
  cores?: number;
}): number {
  const { workers, batchSize, mode } = options;
  if (workers !== 'auto') return workers;
  if (mode === 'head') return 1;
  const cores = options.cores ?? os.availableParallelism();
  // A fine-tune's normalisation is a fixed affine map (no batch statistics): any cut gives its losses.
  const shards = mode === 'finetune' ? batchSize : Math.floor(batchSize / MIN_AUTO_SHARD);
  return Math.max(1, Math.min(cores, MAX_WORKERS, shards));
}

/** Threads computing `shards` ghost batches: one per shard, up to one per core. */
export function replicasFor(shards: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(shards, cores));
}
