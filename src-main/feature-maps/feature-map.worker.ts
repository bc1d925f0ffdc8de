import { serveWorkerRpc, withTransfer } from '../platform/worker-rpc-server.js';
import { initTrainingBackend } from '../training/training-backend.js';
import type { FeatureMapMethods, FeatureMapReady, FeatureModelRef } from './feature-map-messages.js';
import { FeatureNetwork } from './feature-network.js';

/** Networks kept loaded: the bundled one and one trained model being compared with it. */
const keptNetworks = 2;

/**
 * Feature-map worker entry: one tfjs engine on the backend the app trains with (wasm gets the project's
 * gradient kernels), the networks it was asked for loaded once and kept (the last few), one request at a
 * time.
 */
serveWorkerRpc<FeatureMapMethods, FeatureMapReady>(async () => {
  const { backend } = await initTrainingBackend();
  const loaded = new Map<string, Promise<FeatureNetwork>>();
  const networkFor = (ref: FeatureModelRef): Promise<FeatureNetwork> => {
    const key = JSON.stringify(ref);
    let network = loaded.get(key);
    if (!network) {
      network = FeatureNetwork.load(ref);
      // A folder that failed to load is tried again next time (it may have been fixed).
      network.catch(() => loaded.delete(key));
      loaded.set(key, network);
      while (loaded.size > keptNetworks) {
        const [oldest, evicted] = loaded.entries().next().value as [string, Promise<FeatureNetwork>];
        loaded.delete(oldest);
        evicted.then((old) => old.dispose()).catch(() => undefined);
      }
    } else {
      // Most recently used last: eviction takes the oldest.
      loaded.delete(key);
      loaded.set(key, network);
    }
    return network;
  };
  return {
    ready: { backend },
    handlers: {
      layers: async ({ model }) => {
        const network = await networkFor(model);
        return { inputSize: network.inputSize, layers: network.layers, saliencyLayer: network.saliencyLayer };
      },
      activations: async ({ model, crop, layer, channels }) => {
        const answer = await (await networkFor(model)).activations(crop, layer, channels);
        return withTransfer(answer, [answer.maps.buffer as ArrayBuffer]);
      },
      canvas: async ({ model }) => (await (await networkFor(model)).contextNetwork()).geometry,
      saliency: async ({ model, context, reference }) => {
        const answer = await (await networkFor(model)).saliency(context, reference);
        return withTransfer(answer, [answer.values.buffer as ArrayBuffer]);
      },
    },
  };
});
