import * as tfl from '@tensorflow/tfjs-layers';
import { embeddingAndLogits, EMBEDDING_LAYER } from '../embedding-output';
import { checkNetworkOptions, type BuiltNetwork, type NetworkOptions } from '../network-options';
import { stemFor } from '../resnet/resnet-architectures';
import { SeededLayers } from '../resnet/resnet-layers';
import {
  densenetArchitectures,
  densenetLayouts,
  growthRate,
  type DenseNetArchitecture,
} from './densenet-architectures';
import { denseBlock, finalNorm, transition } from './densenet-blocks';

type Symbolic = tfl.SymbolicTensor;

export interface DenseNetOptions extends NetworkOptions {
  architecture: DenseNetArchitecture;
}

/**
 * The stem, 2k channels: ImageNet's 7x7/2 convolution and 3x3/2 max pool from 112 pixels, a 3x3/1
 * convolution below (as the CIFAR DenseNets, and ResNet's convention: see `stemFor`).
 */
function stem(layers: SeededLayers, image: Symbolic, inputSize: number, channels: number): Symbolic {
  const large = stemFor(inputSize) === 'large';
  let x = layers.conv(image, 'stem_conv', channels, large ? 7 : 3, large ? 2 : 1);
  x = layers.relu(layers.batchNorm(x, 'stem_bn'), 'stem_relu');
  if (!large) return x;
  return tfl.layers
    .maxPooling2d({ name: 'stem_pool', poolSize: 3, strides: 2, padding: 'same' })
    .apply(x) as Symbolic;
}

/**
 * Builds a DenseNet-BC (Huang et al. 2017) for face identification: the stem, four dense blocks as stages
 * 2-5 like ResNet's (`stage2_block1_conv1` ... `stage5_block16_concat`), a transition opening stages 3-5
 * (`stage3_transition_conv`), the final batch norm and ReLU (`stage5_final_relu`), then the `embedding` and
 * `logits`. The width multiplier scales the growth rate (k = 32 at width 1: torchvision's densenet121);
 * the stem has 2k channels. A 64x64 face runs the blocks at 64, 32, 16 and 8 pixels; 112 at 28..4.
 */
export function buildDenseNet(options: DenseNetOptions): BuiltNetwork {
  const { architecture } = options;
  if (!densenetArchitectures.includes(architecture)) {
    throw new Error(`DenseNet - unknown architecture "${String(architecture)}"`);
  }
  const config = checkNetworkOptions('DenseNet', options);
  const growth = growthRate(config.width);
  const layers = new SeededLayers(config.seed);
  const image = tfl.input({ name: 'image', shape: [config.inputSize, config.inputSize, 3] });
  let x = stem(layers, image, config.inputSize, 2 * growth);
  densenetLayouts[architecture].forEach((count, index) => {
    const stage = `stage${index + 2}`;
    if (index > 0) x = transition(layers, x, stage);
    x = denseBlock(layers, x, stage, count, growth);
  });
  x = finalNorm(layers, x, 'stage5');
  const logits = embeddingAndLogits(layers, x, config);
  const model = tfl.model({ name: architecture, inputs: image, outputs: logits });
  return { model, embeddingLayer: EMBEDDING_LAYER, parameters: model.countParams() };
}
