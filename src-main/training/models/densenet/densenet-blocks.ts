import * as tfl from '@tensorflow/tfjs-layers';
import type { SeededLayers } from '../resnet/resnet-layers';
import { BOTTLENECK_FACTOR, COMPRESSION } from './densenet-architectures';

type Symbolic = tfl.SymbolicTensor;

const channelsOf = (x: Symbolic): number => x.shape[x.shape.length - 1]!;

/** Batch norm then ReLU, named `${name}_bn${suffix}`, `${name}_relu${suffix}` (pre-activation). */
function normRelu(layers: SeededLayers, x: Symbolic, name: string, suffix = ''): Symbolic {
  return layers.relu(layers.batchNorm(x, `${name}_bn${suffix}`), `${name}_relu${suffix}`);
}

/**
 * One dense layer: BN-ReLU-1x1 (4k wide), BN-ReLU-3x3 (k wide), its k new channels concatenated after all
 * the earlier ones (`${name}_concat`): each layer sees every feature map before it in the block.
 */
function denseLayer(layers: SeededLayers, x: Symbolic, name: string, growth: number): Symbolic {
  let y = layers.conv(normRelu(layers, x, name, '1'), `${name}_conv1`, BOTTLENECK_FACTOR * growth, 1);
  y = layers.conv(normRelu(layers, y, name, '2'), `${name}_conv2`, growth, 3);
  return tfl.layers.concatenate({ name: `${name}_concat`, axis: -1 }).apply([x, y]) as Symbolic;
}

/** A dense block of `count` layers named `${stage}_block1`.. . */
export function denseBlock(
  layers: SeededLayers,
  x: Symbolic,
  stage: string,
  count: number,
  growth: number,
): Symbolic {
  for (let i = 1; i <= count; i++) x = denseLayer(layers, x, `${stage}_block${i}`, growth);
  return x;
}

/**
 * Between two dense blocks: BN-ReLU-1x1 keeping half the channels (rounded down, as torchvision), then a
 * 2x2 average pool halving the resolution (`same` padding: an odd size rounds up, like ResNet's strides).
 */
export function transition(layers: SeededLayers, x: Symbolic, stage: string): Symbolic {
  const name = `${stage}_transition`;
  const y = layers.conv(
    normRelu(layers, x, name),
    `${name}_conv`,
    Math.floor(channelsOf(x) * COMPRESSION),
    1,
  );
  return tfl.layers
    .averagePooling2d({ name: `${name}_pool`, poolSize: 2, strides: 2, padding: 'same' })
    .apply(y) as Symbolic;
}

/** The batch norm and ReLU after the last block (`${stage}_final_bn`, `${stage}_final_relu`). */
export function finalNorm(layers: SeededLayers, x: Symbolic, stage: string): Symbolic {
  return normRelu(layers, x, `${stage}_final`);
}
