import os from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** libtensorflow reads its thread counts from these when a context is created (TF >= 1.14). */
export const INTRA_OP_THREADS = 'TF_NUM_INTRAOP_THREADS';
export const INTER_OP_THREADS = 'TF_NUM_INTEROP_THREADS';
const LOG_LEVEL = 'TF_CPP_MIN_LOG_LEVEL';

/** What the user set (before {@link configureNativeEnvironment} filled in its defaults): theirs wins. */
const userIntraOpThreads = process.env[INTRA_OP_THREADS];

/**
 * Prepares the process environment for libtensorflow unless the user set these: one intra-op thread (a
 * kernel is not split across threads) and one inter-op thread (our graphs run op by op from JS), because
 * the pool runs one worker per core: measured on two cores, two workers of one thread each index LFW
 * photos 20-35% faster than two workers of two threads and ~1.7x faster than one worker of two threads
 * (src-main/vision/README.md). INFO logs go too (every worker would print the CPU-feature banner).
 * libtensorflow reads the process's environment and a worker thread's `process.env` is a copy, so this
 * acts on the main thread only: the worker pool calls it before it starts workers.
 */
export function configureNativeEnvironment(): void {
  if (!isMainThread) return;
  process.env[INTRA_OP_THREADS] ??= '1';
  process.env[INTER_OP_THREADS] ??= '1';
  process.env[LOG_LEVEL] ??= '1';
}

/**
 * Runs `start` (which starts a trainer worker and resolves once its backend is up) with libtensorflow's
 * intra-op threads set to every core, then puts the inference setting back. A training step is a few large
 * kernels one after another, so it wants every core in each kernel, unlike the inference pool's one thread
 * per worker; without this a trainer started after the pool would get one thread, half the speed on two
 * cores. A count the user set is left alone.
 */
export async function withTrainingThreads<T>(start: () => Promise<T>): Promise<T> {
  if (!isMainThread || userIntraOpThreads !== undefined) return start();
  const before = process.env[INTRA_OP_THREADS];
  process.env[INTRA_OP_THREADS] = String(os.availableParallelism());
  try {
    return await start();
  } finally {
    if (before === undefined) delete process.env[INTRA_OP_THREADS];
    else process.env[INTRA_OP_THREADS] = before;
  }
}
