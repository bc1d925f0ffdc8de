import { isMainThread } from 'node:worker_threads';

/** libtensorflow reads its thread counts from these when its first context is created (TF >= 1.14). */
export const INTRA_OP_THREADS = 'TF_NUM_INTRAOP_THREADS';
export const INTER_OP_THREADS = 'TF_NUM_INTEROP_THREADS';
const LOG_LEVEL = 'TF_CPP_MIN_LOG_LEVEL';

/**
 * Prepares the process environment for libtensorflow unless the user set these: one intra-op thread (a
 * kernel is not split across threads) and one inter-op thread (our graphs run op by op from JS), because
 * the pool runs one worker per core: measured on two cores, two workers of one thread each index LFW
 * photos 20-35% faster than two workers of two threads and ~1.7x faster than one worker of two threads
 * (src-main/vision/README.md). INFO logs go too (every worker would print the CPU-feature banner).
 *
 * The count is one per process, not per engine: libtensorflow reads it when the first engine starts and
 * every later engine (each worker thread's tfjs-node) shares the first one's intra-op pool. Measured here
 * (a 3x3 convolution, 32x56x56x32): an engine started with 2 threads after one of 1 runs at the first
 * one's speed (30 ms against 17 ms for 2), and one started with 1 after one of 2 at the 2-thread speed.
 * So training does not get a count of its own either: a run uses the cores by data-parallel engines, one
 * per core (training/parallel/), which with one thread each run their kernels inline, each on its own
 * thread. libtensorflow reads the process's environment and a worker thread's `process.env` is a copy,
 * so this acts on the main thread only: whatever starts native workers calls it first.
 */
export function configureNativeEnvironment(): void {
  if (!isMainThread) return;
  process.env[INTRA_OP_THREADS] ??= '1';
  process.env[INTER_OP_THREADS] ??= '1';
  process.env[LOG_LEVEL] ??= '1';
}
