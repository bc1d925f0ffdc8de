import os from 'node:os';
import { WorkerRpc } from '../../platform/worker-rpc.js';
import { workerUrl } from '../../platform/worker-url.js';
import type { BackendName } from '../../vision/backend-names.js';
import { configureNativeEnvironment } from '../../vision/native-env.js';
import type { TrainedEmbedderMethods, TrainedEmbedderReady } from './embedder-messages.js';
import type { EmbedderSpec } from './embedder-spec.js';
import type { ClassifierInputs } from './trained-classifier.js';
import type { EmbedderInput } from './trained-embedder.js';

/** Errors from the pool or raised inside a worker (name and message kept, prefixed). */
export class TrainedEmbedderError extends Error {
  constructor(message: string, name = 'TrainedEmbedderError') {
    super(`TrainedEmbedderPool - ${message}`);
    this.name = name;
  }
}

/**
 * Workers that embed aligned face crops with a model folder (trained here or imported), one tfjs engine
 * each; requests queue FIFO and go to an idle worker (platform/worker-rpc). Separate from the vision pool:
 * re-embedding a catalog needs neither the detector nor the bundled embedder.
 */
export class TrainedEmbedderPool {
  private constructor(private readonly rpc: WorkerRpc<TrainedEmbedderMethods, TrainedEmbedderReady>) {}

  /** Starts `size` workers (default one per core) and waits until each has loaded its backend. */
  static async create(size = os.availableParallelism()): Promise<TrainedEmbedderPool> {
    configureNativeEnvironment();
    const rpc = await WorkerRpc.start<TrainedEmbedderMethods, TrainedEmbedderReady>({
      url: workerUrl(import.meta.url, './embedder.worker.ts', 'embedder-worker'),
      size: Math.max(1, size),
      makeError: (message, name) => new TrainedEmbedderError(message, name),
    });
    return new TrainedEmbedderPool(rpc);
  }

  get backend(): BackendName {
    return this.rpc.ready.backend;
  }

  get size(): number {
    return this.rpc.size;
  }

  /** One L2-normalised vector per image; the images' buffers are moved to the worker. */
  embed(spec: EmbedderSpec, images: EmbedderInput[], signal?: AbortSignal): Promise<Float32Array[]> {
    const moved = images.map(wholeBuffer);
    const transfer = moved.map((image) => image.data.buffer as ArrayBuffer);
    return this.rpc.call('embed', { spec, images: moved }, { transfer, signal });
  }

  /** Loads the model in a worker and embeds a grey face: its embedding's length, or why it cannot. */
  probe(spec: EmbedderSpec): Promise<{ dims: number }> {
    return this.rpc.call('probe', { spec });
  }

  /** Class probabilities of the classifier in `folder` for each input (row-major, inputs x classes). */
  classify(
    folder: string,
    inputs: ClassifierInputs,
  ): Promise<{ probabilities: Float32Array; classes: number }> {
    return this.rpc.call('classify', { folder, inputs });
  }

  dispose(): Promise<void> {
    return this.rpc.dispose();
  }
}

/** The image on a buffer of its own (a view on a shared or pooled buffer is copied), so it can be moved. */
function wholeBuffer(image: EmbedderInput): EmbedderInput {
  const { data } = image;
  const whole =
    data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole ? image : { ...image, data: new Uint8Array(data) };
}
