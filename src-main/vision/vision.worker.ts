import { parentPort } from 'node:worker_threads';
import { resultTransferList, type VisionRequest, type VisionResponse } from './messages.js';
import { VisionPipeline } from './pipeline.js';

/**
 * Vision worker entry: owns one tfjs engine and one {@link VisionPipeline}; handles requests one at a time
 * (the wasm backend is single-threaded in Node, so a worker per core is the parallelism).
 */
const port = parentPort;
if (!port) throw new Error('vision.worker - must run in a worker thread');

const post = (message: VisionResponse, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(message, transfer);
// Ready only once warmed up: a pool's workers are then all at full speed for the first job.
const ready = VisionPipeline.create().then(async (pipeline) => {
  await pipeline.warmUp();
  return pipeline;
});
ready.then(
  (pipeline) => post({ type: 'ready', backend: pipeline.backend }),
  (error: unknown) =>
    post({ type: 'init-error', message: error instanceof Error ? error.message : String(error) }),
);

let chain: Promise<void> = Promise.resolve();
port.on('message', (request: VisionRequest) => {
  chain = chain.then(() => handle(request));
});

async function handle(request: VisionRequest): Promise<void> {
  try {
    const pipeline = await ready;
    const faces =
      request.type === 'analyze'
        ? await pipeline.analyze(request.image, request.options)
        : await pipeline.embedBoxes(request.image, request.boxes, request.options);
    post({ type: 'result', id: request.id, faces }, resultTransferList(faces));
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: 'error', id: request.id, name: e.name, message: e.message });
  }
}
