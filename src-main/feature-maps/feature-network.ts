import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '../models/embedder-trained/custom-layers';
import { normalizePixels, type PixelNormalization } from '../models/embedder-trained/embedder-spec';
import { folderLoadHandler } from '../models/embedder-trained/model-artifacts';
import { buildPretrainedResNet34 } from '../training/models/pretrained-resnet34';
import { UserError } from '../util/errors';
import type { FeatureLayer } from './feature-map-views';
import type {
  ActivationsAnswer,
  FeatureModelRef,
  ReferenceInput,
  SaliencyAnswer,
  SquarePixels,
} from './feature-map-messages';
import { featureLayersOf } from './feature-layers';
import { gradCam, strongestChannels, tailOf } from './grad-cam';
import { canvasOf, resizedModel, type CanvasGeometry } from './input-size';

type ModelConfig = Parameters<typeof tfl.models.modelFromJSON>[0];

/** The network at twice its input (the context crop), built on first saliency and kept. */
export interface ContextNetwork {
  geometry: CanvasGeometry;
  model: tfl.LayersModel;
  head: tfl.LayersModel;
  tail: (activations: tf.Tensor) => tf.Tensor;
}

/**
 * One layers model as the feature-map worker runs it: the layers to show, one layer's strongest channels
 * for a face crop, and Grad-CAM of the embedding on a crop with context. Owns its weights (dispose()).
 */
export class FeatureNetwork {
  private context: Promise<ContextNetwork> | null = null;
  private readonly heads = new Map<string, tfl.LayersModel>();
  readonly layers: FeatureLayer[];

  private constructor(
    private readonly model: tfl.LayersModel,
    readonly inputSize: number,
    private readonly normalization: PixelNormalization,
    private readonly embeddingLayer: string,
  ) {
    this.layers = featureLayersOf(model);
    if (this.layers.length === 0) throw new UserError('the model has no layer with a spatial output to show');
  }

  /** The bundled embedder rebuilt trainable (pretrained-resnet34), or a layers model folder. */
  static async load(ref: FeatureModelRef): Promise<FeatureNetwork> {
    if (ref.kind === 'bundled') {
      // The classifier on top is never used: only the layers up to `embedding` are.
      const built = buildPretrainedResNet34({ classes: 2, seed: 1, freeze: 'none' });
      return new FeatureNetwork(built.model, 150, 'dlib', built.embeddingLayer);
    }
    const model = await tfl.loadLayersModel(folderLoadHandler(ref.folder));
    try {
      const embedding = ref.embeddingLayer ?? model.layers.at(-1)!.name;
      return new FeatureNetwork(model, ref.inputSize, ref.normalization, embedding);
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  /** Grad-CAM's layer: the last stage. */
  get saliencyLayer(): string {
    return this.layers.at(-1)!.name;
  }

  async activations(crop: SquarePixels, layer: string, channels: number): Promise<ActivationsAnswer> {
    if (!this.model.layers.some((candidate) => candidate.name === layer)) {
      throw new UserError(`the model has no layer "${layer}"`);
    }
    const head = this.headOf(this.model, layer);
    const image = this.tensorOf(crop, this.inputSize);
    let activations: tf.Tensor;
    try {
      activations = tf.tidy(() => head.predict(image) as tf.Tensor);
    } finally {
      image.dispose();
    }
    try {
      if (activations.rank !== 4) {
        throw new UserError(
          `the layer "${layer}" has no spatial output (shape [${activations.shape.join(', ')}])`,
        );
      }
      const maps = await strongestChannels(activations as tf.Tensor4D, channels);
      return { layer, ...maps };
    } finally {
      activations.dispose();
    }
  }

  /** The embedding of a face crop at the model's input size, as a unit vector. */
  async embed(crop: SquarePixels): Promise<Float32Array> {
    const head = this.headOf(this.model, this.embeddingLayer);
    const image = this.tensorOf(crop, this.inputSize);
    let unit: tf.Tensor;
    try {
      unit = tf.tidy(() => {
        const raw = tf.reshape(head.predict(image) as tf.Tensor, [-1]);
        return tf.div(raw, tf.maximum(tf.norm(raw), 1e-12));
      });
    } finally {
      image.dispose();
    }
    try {
      return (await unit.data()) as Float32Array;
    } finally {
      unit.dispose();
    }
  }

  async saliency(context: SquarePixels, reference: ReferenceInput): Promise<SaliencyAnswer> {
    const network = await this.contextNetwork();
    const vector = reference.kind === 'vector' ? reference.vector : await this.embed(reference.crop);
    const image = this.tensorOf(context, network.geometry.size);
    try {
      const cam = await gradCam(
        {
          head: (x) => network.head.predict(x) as tf.Tensor4D,
          tail: network.tail,
        },
        image,
        vector,
        1,
      );
      return { layer: this.saliencyLayer, ...cam };
    } finally {
      image.dispose();
    }
  }

  dispose(): void {
    this.model.dispose();
    this.context?.then((network) => network.model.dispose()).catch(() => undefined);
  }

  /** The network on the saliency canvas (built on first use, then kept). */
  contextNetwork(): Promise<ContextNetwork> {
    this.context ??= (async () => {
      const geometry = canvasOf(this.model, this.inputSize, this.saliencyLayer);
      const size = geometry.size;
      const model = await resizedModel(this.model, size, (topology) =>
        tfl.models.modelFromJSON({ modelTopology: topology } as unknown as ModelConfig),
      );
      const head = tfl.model({ inputs: model.inputs, outputs: model.getLayer(this.saliencyLayer).output });
      return { geometry, model, head, tail: tailOf(model, this.saliencyLayer, this.embeddingLayer) };
    })();
    this.context.catch(() => (this.context = null));
    return this.context;
  }

  /** A weight-sharing model from the input to `layer` (never disposed itself: the weights are the model's). */
  private headOf(model: tfl.LayersModel, layer: string): tfl.LayersModel {
    let head = this.heads.get(layer);
    if (!head) {
      head = tfl.model({ inputs: model.inputs, outputs: model.getLayer(layer).output });
      this.heads.set(layer, head);
    }
    return head;
  }

  private tensorOf(pixels: SquarePixels, size: number): tf.Tensor4D {
    if (pixels.size !== size || pixels.data.length !== size * size * 3) {
      throw new RangeError(`FeatureNetwork - an image of ${pixels.size}px, the model takes ${size}px here`);
    }
    const values = new Float32Array(pixels.data.length);
    normalizePixels(pixels.data, this.normalization, values, 0);
    return tf.tensor4d(values, [1, size, size, 3]);
  }
}
