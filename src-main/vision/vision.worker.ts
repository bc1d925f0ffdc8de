import { serveWorkerRpc, withTransfer } from '../platform/worker-rpc-server.js';
import { resultTransferList, type VisionMethods, type VisionReady } from './messages.js';
import { VisionPipeline } from './pipeline.js';
import type { AnalyzedFace } from './types.js';

/**
 * Vision worker entry: owns one tfjs engine and one {@link VisionPipeline}; handles requests one at a time
 * (the wasm backend is single-threaded in Node, so a worker per core is the parallelism).
 */
serveWorkerRpc<VisionMethods, VisionReady>(async () => {
  const pipeline = await VisionPipeline.create();
  // Ready only once warmed up: a pool's workers are then all at full speed for the first job.
  await pipeline.warmUp();
  // The crops and embeddings are moved back, not copied.
  const reply = (faces: AnalyzedFace[]) => withTransfer(faces, resultTransferList(faces));
  return {
    ready: { backend: pipeline.backend },
    handlers: {
      analyze: async ({ image, options }) => reply(await pipeline.analyze(image, options)),
      'embed-boxes': async ({ image, boxes, options }) =>
        reply(await pipeline.embedBoxes(image, boxes, options)),
    },
  };
});
