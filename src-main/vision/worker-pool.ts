import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnWorker, workerUrl } from '../platform/worker-url.js';
import type { BackendName } from './backend-names.js';
import { configureNativeEnvironment } from './native-env.js';
import type { VisionRequest, VisionResponse } from './messages.js';
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

type Payload =
  | { type: 'analyze'; options: AnalyzeOptions }
  | { type: 'embed-boxes'; boxes: Box[]; options: Pick<AnalyzeOptions, 'flipFusion'> };
interface Job {
  id: number;
  image: RgbImage;
  payload: Payload;
  resolve: (faces: AnalyzedFace[]) => void;
  reject: (error: Error) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}
interface Slot {
  worker: Worker;
  job: Job | undefined;
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
 * after `analyze()` the caller's `image.data` is detached (pass a copy to keep it).
 */
export class VisionWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;

  private constructor(
    private readonly url: URL,
    readonly backend: BackendName,
  ) {}

  /** Starts the workers and waits until each has loaded its backend and networks. */
  static async create(options: VisionPoolOptions = {}): Promise<VisionWorkerPool> {
    configureNativeEnvironment(); // before the first worker: libtensorflow reads the process environment
    const size = Math.max(1, options.size ?? os.availableParallelism());
    const url = options.url ?? workerUrl(import.meta.url, './vision.worker.ts', 'vision-worker');
    const started = await Promise.allSettled(Array.from({ length: size }, () => startWorker(url)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (failed) {
      await Promise.all(ok.map(({ worker }) => worker.terminate()));
      throw failed.reason instanceof Error ? failed.reason : new VisionPoolError(String(failed.reason));
    }
    const pool = new VisionWorkerPool(url, ok[0]!.backend);
    for (const { worker } of ok) pool.attach(worker);
    return pool;
  }

  /** Number of workers. */
  get size(): number {
    return this.slots.length;
  }

  /** Jobs queued or running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  /** Detects, aligns and embeds every face of an image in a worker (see VisionPipeline.analyze). */
  analyze(image: RgbImage, options: AnalyzeOptions = {}, signal?: AbortSignal): Promise<AnalyzedFace[]> {
    return this.submit(image, { type: 'analyze', options }, signal);
  }

  /** Landmarks + alignment + embedding for given boxes, no detection (see VisionPipeline.embedBoxes). */
  embedBoxes(
    image: RgbImage,
    boxes: Box[],
    options: Pick<AnalyzeOptions, 'flipFusion'> = {},
    signal?: AbortSignal,
  ): Promise<AnalyzedFace[]> {
    return this.submit(image, { type: 'embed-boxes', boxes, options }, signal);
  }

  /** Rejects queued and running jobs and terminates the workers. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const error = new VisionPoolError('disposed');
    for (const job of this.queue.splice(0)) this.settle(job, error);
    for (const slot of this.slots) if (slot.job) this.settle(slot.job, error);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private submit(
    image: RgbImage,
    payload: Payload,
    signal: AbortSignal | undefined,
  ): Promise<AnalyzedFace[]> {
    if (this.disposed) return Promise.reject(new VisionPoolError('disposed'));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        image,
        payload,
        resolve,
        reject,
        signal,
        onAbort: () => this.cancel(job),
      };
      signal?.addEventListener('abort', job.onAbort, { once: true });
      this.queue.push(job);
      this.dispatch();
    });
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    // A running job keeps its worker busy until the worker answers; only the promise settles now.
    this.settle(job, abortError(job.signal!));
  }

  private settle(job: Job, outcome: AnalyzedFace[] | Error): void {
    job.signal?.removeEventListener('abort', job.onAbort);
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
    job.resolve = job.reject = () => {};
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      const image = transferable(job.image);
      const request: VisionRequest = { ...job.payload, id: job.id, image };
      slot.worker.postMessage(request, image.data.buffer instanceof ArrayBuffer ? [image.data.buffer] : []);
    }
  }

  private attach(worker: Worker): void {
    const slot: Slot = { worker, job: undefined };
    this.slots.push(slot);
    worker.on('message', (message: VisionResponse) => {
      if (message.type !== 'result' && message.type !== 'error') return;
      const job = slot.job;
      slot.job = undefined;
      if (job && job.id === message.id) {
        this.settle(
          job,
          message.type === 'result' ? message.faces : new VisionPoolError(message.message, message.name),
        );
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.replace(slot, error));
  }

  private replace(slot: Slot, error: Error): void {
    if (slot.job) this.settle(slot.job, new VisionPoolError(`worker crashed: ${error.message}`));
    this.slots.splice(this.slots.indexOf(slot), 1);
    if (this.disposed) return;
    startWorker(this.url).then(
      ({ worker }) => {
        if (this.disposed) void worker.terminate();
        else {
          this.attach(worker);
          this.dispatch();
        }
      },
      () => {
        if (this.slots.length === 0)
          for (const job of this.queue.splice(0))
            this.settle(job, new VisionPoolError('no worker could be restarted'));
      },
    );
  }
}

/** Starts one worker and resolves when it reports ready. */
function startWorker(url: URL): Promise<{ worker: Worker; backend: BackendName }> {
  const worker = spawnWorker(url);
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      void worker.terminate();
      reject(new VisionPoolError(`worker failed to start: ${error.message}`));
    };
    worker.once('error', fail);
    worker.once('message', (message: VisionResponse) => {
      worker.off('error', fail);
      if (message.type === 'ready') resolve({ worker, backend: message.backend });
      else fail(new Error(message.type === 'init-error' ? message.message : `unexpected ${message.type}`));
    });
  });
}

/** The image with a buffer that can be transferred: views on shared or pooled memory are copied first. */
function transferable(image: RgbImage): RgbImage {
  const { data } = image;
  const whole =
    data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole ? image : { ...image, data: data.slice() };
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new VisionPoolError('aborted', 'AbortError');
}
