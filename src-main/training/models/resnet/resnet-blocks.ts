import * as tfl from '@tensorflow/tfjs-layers';
import { BOTTLENECK_EXPANSION, type ResNetBlockKind } from './resnet-architectures';
import type { SeededLayers } from './resnet-layers';

type Symbolic = tfl.SymbolicTensor;

/** What one residual block is asked to do; `name` prefixes its layers (`stage3_block2`). */
export interface BlockSpec {
  name: string;
  /** The 3x3 convolution's width (a bottleneck's output is {@link BOTTLENECK_EXPANSION} times more). */
  channels: number;
  /** 2 on the first block of stages 3-5: halves the resolution. */
  stride: number;
  /** Start the residual branch at zero, so the block begins as the identity. */
  zeroInitResidual: boolean;
}

const channelsOf = (x: Symbolic): number => x.shape[x.shape.length - 1]!;

/**
 * The identity, or where the block changes resolution or width a 1x1 strided convolution with batch norm
 * (the paper's option B), so the sum has matching shapes.
 */
function shortcut(layers: SeededLayers, x: Symbolic, spec: BlockSpec, outChannels: number): Symbolic {
  if (spec.stride === 1 && channelsOf(x) === outChannels) return x;
  const projected = layers.conv(x, `${spec.name}_shortcut_conv`, outChannels, 1, spec.stride);
  return layers.batchNorm(projected, `${spec.name}_shortcut_bn`);
}

/** Adds the residual branch to the shortcut, then the block's ReLU. */
function join(layers: SeededLayers, residual: Symbolic, identity: Symbolic, name: string): Symbolic {
  const sum = tfl.layers.add({ name: `${name}_add` }).apply([identity, residual]) as Symbolic;
  return layers.relu(sum, `${name}_out`);
}

/** Two 3x3 convolutions (ResNet-18/34); the first carries the stride. */
function basicBlock(layers: SeededLayers, x: Symbolic, spec: BlockSpec): Symbolic {
  const { name, channels, stride } = spec;
  let y = layers.conv(x, `${name}_conv1`, channels, 3, stride);
  y = layers.relu(layers.batchNorm(y, `${name}_bn1`), `${name}_relu1`);
  y = layers.conv(y, `${name}_conv2`, channels, 3);
  y = layers.batchNorm(y, `${name}_bn2`, spec.zeroInitResidual);
  return join(layers, y, shortcut(layers, x, spec, channels), name);
}

/**
 * 1x1 down to `channels`, 3x3, 1x1 up to 4x `channels` (ResNet-50/101/152). The stride sits on the 3x3
 * convolution, as in torchvision's "ResNet v1.5": a strided 1x1 would skip three quarters of the pixels.
 */
function bottleneckBlock(layers: SeededLayers, x: Symbolic, spec: BlockSpec): Symbolic {
  const { name, channels, stride } = spec;
  const outChannels = channels * BOTTLENECK_EXPANSION;
  let y = layers.conv(x, `${name}_conv1`, channels, 1);
  y = layers.relu(layers.batchNorm(y, `${name}_bn1`), `${name}_relu1`);
  y = layers.conv(y, `${name}_conv2`, channels, 3, stride);
  y = layers.relu(layers.batchNorm(y, `${name}_bn2`), `${name}_relu2`);
  y = layers.conv(y, `${name}_conv3`, outChannels, 1);
  y = layers.batchNorm(y, `${name}_bn3`, spec.zeroInitResidual);
  return join(layers, y, shortcut(layers, x, spec, outChannels), name);
}

/** One residual block of the given kind. */
export function residualBlock(
  kind: ResNetBlockKind,
  layers: SeededLayers,
  x: Symbolic,
  spec: BlockSpec,
): Symbolic {
  return kind === 'basic' ? basicBlock(layers, x, spec) : bottleneckBlock(layers, x, spec);
}
