import os from 'node:os';
import { WorkerRpc, type RpcCallOptions } from '../platform/worker-rpc.js';
import { workerUrl } from '../platform/worker-url.js';
import type { BackendName } from './backend-names.js';
import type { VisionMethods, VisionReady } from './messages.js';
import { configureNativeEnvironment } from './native-env.js';
import type { AnalyzedFace, AnalyzeOptions, Box, RgbImage } from './types.js';

/** Options of {@link VisionWorkerPool.create}. */
export interface VisionPoolOptions {
  /**
   * Number of workers (default: os.availableParallelism(), on every backend: wasm runs one thread per
   * engine in Node, and on libtensorflow one single-threaded worker per core beat fewer workers with more
   * threads each; measured in src-main/vision/README.md).
   */
  size?: number;
  /** Worker entry (default: vision.worker.ts next to this file, or the bundled vision-worker.js). */
  url?: URL;
}

/** Errors from the pool or raised inside a worker (name and message preserved, prefixed). */
export class VisionPoolError extends Error {
  constructor(message: string, name = 'VisionPoolError') {
    super(`VisionWorkerPool - ${message}`);
    this.name = name;
  }
}

/**
 * A pool of vision workers (one per core by default), each with its own tfjs engine. Jobs go to an idle
 * worker, else wait in a FIFO queue; each can be cancelled with an AbortSignal (a queued job is dropped, a
 * running one is rejected at once and its result discarded). Image buffers are transferred, not copied:
 * after `analyze()` the caller's `image.data` is detached (pass a copy to keep it). The queue, the
 * correlation of answers and the restart of a crashed worker are platform/worker-rpc's.
 */
export class VisionWorkerPool {
  private constructor(private readonly rpc: WorkerRpc<VisionMethods, VisionReady>) {}

  /** Starts the workers and waits until each has loaded its backend and networks. */
  static async create(options: VisionPoolOptions = {}): Promise<VisionWorkerPool> {
    configureNativeEnvironment(); // before the first worker: libtensorflow reads the process environment
    const rpc = await WorkerRpc.start<VisionMethods, VisionReady>({
      url: options.url ?? workerUrl(import.meta.url, './vision.worker.ts', 'vision-worker'),
      size: Math.max(1, options.size ?? os.availableParallelism()),
      makeError: (message, name) => new VisionPoolError(message, name),
    });
    return new VisionWorkerPool(rpc);
  }

  /** The backend the workers loaded. */
  get backend(): BackendName {
    return this.rpc.ready.backend;
  }

  /** Number of workers. */
  get size(): number {
    return this.rpc.size;
  }

  /** Jobs queued or running. */
  get pending(): number {
    return this.rpc.pending;
  }

  /** Detects, aligns and embeds every face of an image in a worker (see VisionPipeline.analyze). */
  analyze(image: RgbImage, options: AnalyzeOptions = {}, signal?: AbortSignal): Promise<AnalyzedFace[]> {
    const moved = transferable(image);
    return this.rpc.call('analyze', { image: moved, options }, callOptions(moved, signal));
  }

  /** Landmarks + alignment + embedding for given boxes, no detection (see VisionPipeline.embedBoxes). */
  embedBoxes(
    image: RgbImage,
    boxes: Box[],
    options: Pick<AnalyzeOptions, 'flipFusion'> = {},
    signal?: AbortSignal,
  ): Promise<AnalyzedFace[]> {
    const moved = transferable(image);
    return this.rpc.call('embed-boxes', { image: moved, boxes, options }, callOptions(moved, signal));
  }

  /** Rejects queued and running jobs and terminates the workers. */
  dispose(): Promise<void> {
    return this.rpc.dispose();
  }
}

/** The image's buffer is moved to the worker, not copied. */
function callOptions(image: RgbImage, signal: AbortSignal | undefined): RpcCallOptions<never> {
  const { buffer } = image.data;
  return { transfer: buffer instanceof ArrayBuffer ? [buffer] : [], signal };
}

/** The image with a buffer that can be transferred: views on shared or pooled memory are copied first. */
function transferable(image: RgbImage): RgbImage {
  const { data } = image;
  const whole =
    data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole ? image : { ...image, data: data.slice() };
}
