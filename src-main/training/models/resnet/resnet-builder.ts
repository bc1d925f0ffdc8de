import * as tfl from '@tensorflow/tfjs-layers';
import {
  MAX_INPUT_SIZE,
  MAX_WIDTH,
  MIN_BUILD_INPUT_SIZE,
  MIN_WIDTH,
  resnetArchitectures,
  resnetLayouts,
  stageChannels,
  stemFor,
  type ResNetArchitecture,
  type ResNetStem,
} from './resnet-architectures';
import { residualBlock } from './resnet-blocks';
import { SeededLayers } from './resnet-layers';

type Symbolic = tfl.SymbolicTensor;

export interface ResNetOptions {
  architecture: ResNetArchitecture;
  /** Channel multiplier: stages get 64w, 128w, 256w, 512w channels (rounded, at least 8). Default 1. */
  width?: number;
  /** Square RGB input, NHWC: 64..160 in runs ({@link MIN_BUILD_INPUT_SIZE} for tests). */
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
}

export interface BuiltResNet {
  /** Image in, logits out (no softmax: the loss applies it). */
  model: tfl.LayersModel;
  /** The layer whose output is the face embedding (batch-normalised, not L2-normalised). */
  embeddingLayer: string;
  /** Weights in the model, batch norm's moving statistics included. */
  parameters: number;
}

/** Name of the layer whose output is the embedding; later issues read it by this name. */
export const EMBEDDING_LAYER = 'embedding';

function fail(message: string): never {
  throw new Error(`ResNet - ${message}`);
}

function check(options: ResNetOptions): Required<ResNetOptions> {
  const { architecture, inputSize, classes, seed } = options;
  const width = options.width ?? 1;
  const embeddingSize = options.embeddingSize ?? 128;
  if (!resnetArchitectures.includes(architecture)) fail(`unknown architecture "${String(architecture)}"`);
  if (!(width >= MIN_WIDTH && width <= MAX_WIDTH))
    fail(`width must be ${MIN_WIDTH}..${MAX_WIDTH}, got ${width}`);
  if (!Number.isInteger(inputSize) || inputSize < MIN_BUILD_INPUT_SIZE || inputSize > MAX_INPUT_SIZE) {
    fail(`inputSize must be an integer ${MIN_BUILD_INPUT_SIZE}..${MAX_INPUT_SIZE}, got ${inputSize}`);
  }
  if (!Number.isInteger(classes) || classes < 2) fail(`classes must be an integer >= 2, got ${classes}`);
  if (!Number.isInteger(embeddingSize) || embeddingSize < 2) {
    fail(`embeddingSize must be an integer >= 2, got ${embeddingSize}`);
  }
  if (!Number.isInteger(seed)) fail(`seed must be an integer, got ${seed}`);
  return {
    architecture,
    width,
    inputSize,
    classes,
    embeddingSize,
    seed,
    stem: options.stem ?? stemFor(inputSize),
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
 * the `logits` dense layer. Runs unchanged on the wasm, cpu and native backends.
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
  x = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as Symbolic;
  // No bias before batch norm: its shift would be subtracted right away.
  x = layers.dense(x, 'embedding_dense', config.embeddingSize, false);
  const embedding = layers.batchNorm(x, EMBEDDING_LAYER);
  const logits = layers.dense(embedding, 'logits', config.classes, true);

  const model = tfl.model({ name: config.architecture, inputs: image, outputs: logits });
  return { model, embeddingLayer: EMBEDDING_LAYER, parameters: model.countParams() };
}
