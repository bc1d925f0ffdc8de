/**
 * Worker of the faces bench's bare-forward measurement: one tfjs engine (the backend our vision workers
 * pick) running only the SSD detector's and the ResNet embedder's forward passes. See faces-bare.ts.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { CHIP_SIZE } from '../../src-main/vision/align';
import { initBackend } from '../../src-main/vision/backend';
import { SsdDetector } from '../../src-main/vision/detector-ssd/ssd-detector';
import { ResnetEmbedder } from '../../src-main/vision/embedder-resnet/resnet-embedder';
import type { AlignedCrop } from '../../src-main/vision/types';
import type { BareRequest, BareResponse } from './faces-bare';

const port = parentPort;
if (!port) throw new Error('faces-bare.worker - must run in a worker thread');
const post = (message: BareResponse): void => port.postMessage(message);

/** Content does not change the embedder's cost; one constant chip stands in for every aligned face. */
const chip: AlignedCrop = {
  data: new Uint8Array(CHIP_SIZE * CHIP_SIZE * 3).fill(128),
  width: CHIP_SIZE,
  height: CHIP_SIZE,
};

const ready = (async () => {
  const backend = await initBackend();
  return { backend, ssd: SsdDetector.load(), embedder: ResnetEmbedder.load() };
})();
ready.then(
  ({ backend }) => post({ type: 'ready', backend }),
  (error: unknown) => post({ type: 'init-error', message: String(error) }),
);

let chain: Promise<void> = Promise.resolve();
port.on('message', (request: BareRequest) => {
  chain = chain.then(() => handle(request));
});

async function handle(request: BareRequest): Promise<void> {
  try {
    const { ssd, embedder } = await ready;
    if (request.type === 'memory') {
      const usage = process.memoryUsage();
      const wasm = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm;
      post({
        type: 'memory',
        id: request.id,
        heapUsed: usage.heapUsed,
        external: usage.external,
        wasmHeap: wasm?.HEAPU8?.byteLength ?? 0,
        tensorBytes: tf.memory().numBytes,
      });
      return;
    }
    const start = performance.now();
    const { encodings, classes } = ssd.forward(request.input);
    await Promise.all([encodings.data(), classes.data()]);
    tf.dispose([encodings, classes]);
    // The product's batching and flip fusion setting: batches of 16 chips (with their mirrors when fused).
    if (request.faces > 0)
      await embedder.embed(
        Array.from({ length: request.faces }, () => chip),
        request.flipFusion,
      );
    post({ type: 'done', id: request.id, ms: performance.now() - start });
  } catch (error) {
    post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
}
