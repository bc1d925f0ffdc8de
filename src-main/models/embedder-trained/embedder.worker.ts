import { serveWorkerRpc, withTransfer } from '../../platform/worker-rpc-server.js';
import { initBackend } from '../../vision/backend.js';
import type { TrainedEmbedderMethods, TrainedEmbedderReady } from './embedder-messages.js';
import type { EmbedderSpec } from './embedder-spec.js';
import { TrainedClassifier } from './trained-classifier.js';
import { TrainedEmbedder } from './trained-embedder.js';

/** Models kept loaded per worker: the active one and the one it is compared with. */
const keptModels = 2;

/**
 * Trained-embedder worker entry: one tfjs engine, the models it was asked for loaded once and kept (the
 * last few, by spec), one request at a time.
 */
serveWorkerRpc<TrainedEmbedderMethods, TrainedEmbedderReady>(async () => {
  const backend = await initBackend();
  const loaded = new Map<string, Promise<TrainedEmbedder>>();
  const embedderFor = (spec: EmbedderSpec): Promise<TrainedEmbedder> => {
    const key = JSON.stringify(spec);
    let embedder = loaded.get(key);
    if (!embedder) {
      embedder = TrainedEmbedder.load(spec);
      // A folder that failed to load is tried again next time (it may have been fixed).
      embedder.catch(() => loaded.delete(key));
      loaded.set(key, embedder);
      while (loaded.size > keptModels) {
        const [oldest, evicted] = loaded.entries().next().value as [string, Promise<TrainedEmbedder>];
        loaded.delete(oldest);
        evicted.then((model) => model.dispose()).catch(() => undefined);
      }
    }
    return embedder;
  };
  return {
    ready: { backend },
    handlers: {
      embed: async ({ spec, images }) => {
        const vectors = await (await embedderFor(spec)).embed(images);
        return withTransfer(
          vectors,
          vectors.map((v) => v.buffer as ArrayBuffer),
        );
      },
      classify: async ({ folder, inputs }) => {
        // Loaded per request: suggestions from a classifier are an occasional, explicit action.
        const classifier = await TrainedClassifier.load(folder);
        try {
          const result = await classifier.classify(inputs);
          return withTransfer(result, [result.probabilities.buffer as ArrayBuffer]);
        } finally {
          classifier.dispose();
        }
      },
      probe: async ({ spec }) => {
        const size = spec.inputSize;
        const grey = new Uint8Array(size * size * 3).fill(128);
        const [vector] = await (await embedderFor(spec)).embed([{ data: grey, size }]);
        const dims = vector?.length ?? 0;
        if (!vector || vector.some((value) => !Number.isFinite(value))) {
          throw new Error('the model gives no finite embedding for a plain grey face');
        }
        return { dims };
      },
    },
  };
});
