/**
 * The bare cost of indexing faces: the detector's and the embedder's forward passes alone, on as many
 * worker threads as our vision pool, on input decoded and shrunk beforehand (outside the timing).
 *
 * Timed per photo: uploading the detector input (the same pixels and input side our SSD stage uses, after
 * its integer box-filter shrink, which is done beforehand), bilinear resize + pad on the backend, the SSD
 * graph, reading boxes and scores back; then the ResNet embedder on as many 150x150 chips as our import
 * stored faces for that photo, batched by 16 with flip fusion as ours (constant chips). Not timed or not
 * done: file reading, decoding, box-filter shrink, thresholds/NMS, landmarks, alignment, crops, DB.
 */
import type { Worker } from 'node:worker_threads';
import type { BackendName } from '../../src-main/vision/backend-names';
import {
  adaptiveInputSize,
  preprocessForDetector,
  rectangularInput,
  type DetectorInput,
} from '../../src-main/vision/detector-ssd/ssd-preprocess';
import { SsdDetector } from '../../src-main/vision/detector-ssd/ssd-detector';
import { spawnWorker } from '../../src-main/platform/worker-url';
import { decodeForAnalysis } from './faces-support';

/** What the bare measurement includes, for the output. */
export const bareDescription =
  'bare = per photo, on pre-decoded pixels already box-filter shrunk as our SSD stage does: tensor upload, ' +
  'bilinear resize + pad to the same SSD input as ours (multiples of 32), SSD graph, raw box encodings and class logits read back; then the ResNet ' +
  'embedder on as many constant 150x150 chips as our import stored faces for that photo (batches of 16, ' +
  'flip fusion as the default setting says, vectors read back). Excluded: file read, decode, shrink, thresholds/NMS, landmarks, ' +
  'alignment, face crops, thumbnails, hashing, DB. Same worker count, workers started and warmed beforehand.';

/** Main thread -> bare worker. */
export type BareRequest =
  | { type: 'run'; id: number; input: DetectorInput; faces: number; flipFusion: boolean }
  | { type: 'memory'; id: number };

/** Bare worker -> main thread. */
export type BareResponse =
  | { type: 'ready'; backend: BackendName }
  | { type: 'init-error'; message: string }
  | { type: 'done'; id: number; ms: number }
  | { type: 'memory'; id: number; heapUsed: number; external: number; wasmHeap: number; tensorBytes: number }
  | { type: 'error'; id: number; message: string };

/** One worker's memory: JS heap, external memory, the wasm heap and the live tensors' bytes. */
export type WorkerMemory = Omit<Extract<BareResponse, { type: 'memory' }>, 'type' | 'id'>;

/** A photo prepared for a bare pass. */
export interface BareInput {
  input: DetectorInput;
  faces: number;
}

interface Waiter {
  resolve: (message: BareResponse) => void;
  reject: (error: Error) => void;
}

/** Decoded photos held in memory at once (bounds memory on the full LFW set). */
const batchSize = 128;

/** A tiny fixed pool of bare workers: each takes the next photo when it is free. */
export class BarePool {
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 1;

  private constructor(
    private readonly workers: Worker[],
    readonly backend: BackendName,
  ) {
    for (const worker of workers) {
      worker.on('message', (message: BareResponse) => {
        if (!('id' in message)) return;
        const waiter = this.waiters.get(message.id);
        this.waiters.delete(message.id);
        if (message.type === 'error') waiter?.reject(new Error(`bare worker: ${message.message}`));
        else waiter?.resolve(message);
      });
      worker.on('error', (error) => {
        for (const waiter of this.waiters.values()) waiter.reject(error);
        this.waiters.clear();
      });
    }
  }

  static async create(size: number): Promise<BarePool> {
    const url = new URL('./faces-bare.worker.ts', import.meta.url);
    const started = await Promise.all(Array.from({ length: size }, () => startWorker(url)));
    return new BarePool(
      started.map((s) => s.worker),
      started[0]!.backend,
    );
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Runs the bare passes for `files` (faces per file from our import), decoding a batch at a time outside
   * the timing; returns the summed wall time of the timed batches, in seconds.
   */
  async run(files: string[], facesPerFile: number[], flipFusion: boolean): Promise<number> {
    let seconds = 0;
    for (let from = 0; from < files.length; from += batchSize) {
      const batch = await prepare(files.slice(from, from + batchSize), facesPerFile.slice(from));
      const start = performance.now();
      await this.runBatch(batch, flipFusion);
      seconds += (performance.now() - start) / 1000;
    }
    return seconds;
  }

  /** Each worker's memory, as it reports it. */
  async memory(): Promise<WorkerMemory[]> {
    return Promise.all(
      this.workers.map(async (worker) => {
        const id = this.nextId++;
        const reply = await this.request(worker, { type: 'memory', id }, []);
        if (reply.type !== 'memory') throw new Error(`bare worker: unexpected ${reply.type}`);
        const { heapUsed, external, wasmHeap, tensorBytes } = reply;
        return { heapUsed, external, wasmHeap, tensorBytes };
      }),
    );
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private async runBatch(batch: BareInput[], flipFusion: boolean): Promise<void> {
    let next = 0;
    await Promise.all(
      this.workers.map(async (worker) => {
        while (next < batch.length) {
          const { input, faces } = batch[next++]!;
          const id = this.nextId++;
          const buffer = input.pixels.data.buffer as ArrayBuffer;
          await this.request(worker, { type: 'run', id, input, faces, flipFusion }, [buffer]);
        }
      }),
    );
  }

  private request(worker: Worker, message: BareRequest, transfer: ArrayBuffer[]): Promise<BareResponse> {
    return new Promise((resolve, reject) => {
      this.waiters.set(message.id, { resolve, reject });
      worker.postMessage(message, transfer);
    });
  }
}

/** Decodes as the indexer does and plans the SSD input as our detector does; pixels get their own buffer. */
async function prepare(files: string[], facesPerFile: number[]): Promise<BareInput[]> {
  return Promise.all(
    files.map(async (file, i) => {
      const image = await decodeForAnalysis(file);
      const maxSize = SsdDetector.maxInputSize;
      const input = rectangularInput(
        preprocessForDetector(image, maxSize, adaptiveInputSize(image, maxSize)),
      );
      const pixels = { ...input.pixels, data: input.pixels.data.slice() };
      return { input: { ...input, pixels }, faces: facesPerFile[i] ?? 0 };
    }),
  );
}

function startWorker(url: URL): Promise<{ worker: Worker; backend: BackendName }> {
  const worker = spawnWorker(url);
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: BareResponse) => {
      worker.off('error', reject);
      if (message.type === 'ready') resolve({ worker, backend: message.backend });
      else {
        void worker.terminate();
        reject(
          new Error(
            `bare worker failed to start: ${message.type === 'init-error' ? message.message : message.type}`,
          ),
        );
      }
    });
  });
}
