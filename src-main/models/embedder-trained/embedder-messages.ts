import type { BackendName } from '../../vision/backend-names.js';
import type { EmbedderSpec } from './embedder-spec.js';
import type { ClassifierInputs } from './trained-classifier.js';
import type { EmbedderInput } from './trained-embedder.js';

/** What the trained-embedder worker serves (typed both sides through platform/worker-rpc). */
export interface TrainedEmbedderMethods {
  /** One L2-normalised vector per image (each at the spec's input size). */
  embed: { request: { spec: EmbedderSpec; images: EmbedderInput[] }; response: Float32Array[] };
  /** Loads the model and embeds one grey image: the output's length, or the loader's error. */
  probe: { request: { spec: EmbedderSpec }; response: { dims: number } };
  /** Class probabilities of a trained classifier (row-major, inputs x classes). */
  classify: {
    request: { folder: string; inputs: ClassifierInputs };
    response: { probabilities: Float32Array; classes: number };
  };
}

export interface TrainedEmbedderReady {
  backend: BackendName;
}
