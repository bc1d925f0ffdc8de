import os from 'node:os';
import type { BackendName } from '../../vision/backend-names';

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
 * above the batch size). `auto` splits only on wasm (one thread per engine, so one engine per core is
 * the only way to use the others), one shard per core down to {@link MIN_AUTO_SHARD} examples; native
 * tfjs-node already runs each op on every core, and a head on embeddings takes milliseconds a step, less
 * than a message to a worker. A resumed run does not come here: it keeps its checkpoint's count, which
 * decides its losses.
 */
export function shardsFor(options: {
  workers: WorkersSetting;
  backend: BackendName;
  batchSize: number;
  mode: 'head' | 'scratch' | 'finetune';
  cores?: number;
}): number {
  const { workers, backend, batchSize, mode } = options;
  if (workers !== 'auto') return workers;
  if (backend !== 'wasm' || mode === 'head') return 1;
  const cores = options.cores ?? os.availableParallelism();
  return Math.max(1, Math.min(cores, MAX_WORKERS, Math.floor(batchSize / MIN_AUTO_SHARD)));
}

/**
 * Threads computing `shards` ghost batches: one per shard up to one per core on the single-threaded
 * backends (wasm, cpu); one on native, whose ops already use every core, where the shards are accumulated.
 */
export function replicasFor(shards: number, backend: BackendName, cores = os.availableParallelism()): number {
  if (backend === 'tensorflow' || backend === 'tensorflow-gpu') return 1;
  return Math.max(1, Math.min(shards, cores));
}
