import * as tfl from '@tensorflow/tfjs-layers';
import {
  resnetArchitectures,
  resnetLayouts,
  stageChannels,
  stemFor,
  type ResNetArchitecture,
  type ResNetStem,
} from './resnet-architectures';
import { embeddingAndLogits } from '../embedding-output';
import {
  checkNetworkOptions,
  EMBEDDING_LAYER,
  resnetClassifiers,
  type ResNetClassifier,
} from '../network-options';
import { residualBlock } from './resnet-blocks';
import { SeededLayers } from './resnet-layers';

type Symbolic = tfl.SymbolicTensor;

export { EMBEDDING_LAYER, resnetClassifiers, type ResNetClassifier };

export interface ResNetOptions {
  architecture: ResNetArchitecture;
  /** Channel multiplier: stages get 64w, 128w, 256w, 512w channels (rounded, at least 8). Default 1. */
  width?: number;
  /** Square RGB input, NHWC: 64..160 in runs (down to MIN_BUILD_INPUT_SIZE for tests). */
  inputSize: number;
  /** Identities the classifier tells apart. */
  classes: number;
  /** Width of the `embedding` layer. Default 128, the bundled embedder's. */
  embeddingSize?: number;
  /** The run's seed: the same seed builds the same initial weights. */
  seed: number;
  /** Default: chosen by input size ({@link stemFor}). */
  stem?: ResNetStem;
  /** Start each residual branch at zero (see {@link SeededLayers.batchNorm}). Default true. */
  zeroInitResidual?: boolean;
  /** Default `dense` (see {@link ResNetClassifier}). */
  classifier?: ResNetClassifier;
}

export interface BuiltResNet {
  /** Image in, logits (or cosines, with the `cosine` classifier) out (no softmax: the loss applies it). */
  model: tfl.LayersModel;
  /** The layer whose output is the face embedding (batch-normalised, not L2-normalised). */
  embeddingLayer: string;
  /** Weights in the model, batch norm's moving statistics included. */
  parameters: number;
}

function check(options: ResNetOptions): Required<ResNetOptions> {
  const { architecture } = options;
  if (!resnetArchitectures.includes(architecture)) {
    throw new Error(`ResNet - unknown architecture "${String(architecture)}"`);
  }
  return {
    ...checkNetworkOptions('ResNet', options),
    architecture,
    stem: options.stem ?? stemFor(options.inputSize),
    zeroInitResidual: options.zeroInitResidual ?? true,
  };
}

/** The stem: see {@link stemFor} for why it depends on the input size. */
function stem(layers: SeededLayers, image: Symbolic, kind: ResNetStem, channels: number): Symbolic {
  const large = kind === 'large';
  let x = layers.conv(image, 'stem_conv', channels, large ? 7 : 3, large ? 2 : 1);
  x = layers.relu(layers.batchNorm(x, 'stem_bn'), 'stem_relu');
  if (!large) return x;
  return tfl.layers
    .maxPooling2d({ name: 'stem_pool', poolSize: 3, strides: 2, padding: 'same' })
    .apply(x) as Symbolic;
}

/**
 * Builds a ResNet (He et al. 2015) for face identification in tf.layers' functional API: stem, four
 * stages of residual blocks (the paper's conv2_x..conv5_x, so layers are named `stage2_block1_conv1`
 * through `stage5_...`), global average pooling, the `embedding` (dense without bias, then batch norm) and
 * the `logits` layer (dense, or cosine: see {@link ResNetClassifier}). Runs unchanged on the wasm, cpu and
 * native backends.
 */
export function buildResNet(options: ResNetOptions): BuiltResNet {
  const config = check(options);
  const { block, blocksPerStage } = resnetLayouts[config.architecture];
  const channels = stageChannels(config.width);
  const layers = new SeededLayers(config.seed);

  const image = tfl.input({ name: 'image', shape: [config.inputSize, config.inputSize, 3] });
  let x = stem(layers, image, config.stem, channels[0]);
  blocksPerStage.forEach((blocks, stage) => {
    for (let b = 0; b < blocks; b++) {
      x = residualBlock(block, layers, x, {
        name: `stage${stage + 2}_block${b + 1}`,
        channels: channels[stage]!,
        // Stage 2 keeps the stem's resolution; each later stage halves it in its first block.
        stride: stage > 0 && b === 0 ? 2 : 1,
        zeroInitResidual: config.zeroInitResidual,
      });
    }
  });
  const logits = embeddingAndLogits(layers, x, config);

  const model = tfl.model({ name: config.architecture, inputs: image, outputs: logits });
  return { model, embeddingLayer: EMBEDDING_LAYER, parameters: model.countParams() };
}
