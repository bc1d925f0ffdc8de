import * as tfl from '@tensorflow/tfjs-layers';
import { embeddingAndLogits, EMBEDDING_LAYER } from '../embedding-output';
import { checkNetworkOptions, type BuiltNetwork, type NetworkOptions } from '../network-options';
import { stemFor } from '../resnet/resnet-architectures';
import { SeededLayers } from '../resnet/resnet-layers';
import {
  INCEPTION_STAGES,
  INCEPTION_STEM,
  inceptionArchitectures,
  inceptionChannels,
  type InceptionArchitecture,
} from './inception-architectures';
import { convBnRelu, inceptionModule } from './inception-module';

type Symbolic = tfl.SymbolicTensor;

export interface InceptionOptions extends NetworkOptions {
  architecture: InceptionArchitecture;
}

const maxPool = (x: Symbolic, name: string): Symbolic =>
  tfl.layers.maxPooling2d({ name, poolSize: 3, strides: 2, padding: 'same' }).apply(x) as Symbolic;

/**
 * The stem: GoogLeNet's 7x7/2 convolution and 3x3/2 max pool from 112 pixels, a 3x3/1 convolution below
 * (ResNet's convention, see `stemFor`), then the 1x1 and 3x3 convolutions (`stem_1`..`stem_3`).
 */
function stem(layers: SeededLayers, image: Symbolic, inputSize: number, width: number): Symbolic {
  const [first, second, third] = INCEPTION_STEM.map((channels) => inceptionChannels(channels, width));
  const large = stemFor(inputSize) === 'large';
  let x = convBnRelu(layers, image, 'stem_1', first!, large ? 7 : 3, large ? 2 : 1);
  if (large) x = maxPool(x, 'stem_pool');
  x = convBnRelu(layers, x, 'stem_2', second!, 1);
  return convBnRelu(layers, x, 'stem_3', third!, 3);
}

/**
 * Builds a compact GoogLeNet-style Inception network (see inception-module.ts for the module) for face
 * identification: the stem, then stages 3-5 of modules (`stage3_block1` is the paper's 3a, `stage4_block5`
 * its 4e), each stage opened by a 3x3/2 max pool (`stage3_pool`), then the `embedding` and `logits`. A 64x64
 * face runs the modules at 32, 16 and 8 pixels; 112 at 14, 7 and 4. No auxiliary classifiers: batch norm
 * does their job of keeping the lower layers' gradients alive.
 */
export function buildInception(options: InceptionOptions): BuiltNetwork {
  const { architecture } = options;
  if (!inceptionArchitectures.includes(architecture)) {
    throw new Error(`Inception - unknown architecture "${String(architecture)}"`);
  }
  const config = checkNetworkOptions('Inception', options);
  const layers = new SeededLayers(config.seed);
  const image = tfl.input({ name: 'image', shape: [config.inputSize, config.inputSize, 3] });
  let x = stem(layers, image, config.inputSize, config.width);
  INCEPTION_STAGES.forEach((modules, index) => {
    const stage = `stage${index + 3}`;
    x = maxPool(x, `${stage}_pool`);
    modules.forEach((spec, m) => {
      x = inceptionModule(layers, x, `${stage}_block${m + 1}`, spec, config.width);
    });
  });
  const logits = embeddingAndLogits(layers, x, config);
  const model = tfl.model({ name: architecture, inputs: image, outputs: logits });
  return { model, embeddingLayer: EMBEDDING_LAYER, parameters: model.countParams() };
}
