import * as tfl from '@tensorflow/tfjs-layers';
import type { SeededLayers } from '../resnet/resnet-layers';
import { inceptionChannels, type InceptionModule } from './inception-architectures';

type Symbolic = tfl.SymbolicTensor;

/** Convolution, batch norm, ReLU, named `${name}_conv`, `${name}_bn`, `${name}_relu`. */
export function convBnRelu(
  layers: SeededLayers,
  x: Symbolic,
  name: string,
  filters: number,
  kernelSize: number,
  strides = 1,
): Symbolic {
  const y = layers.conv(x, `${name}_conv`, filters, kernelSize, strides);
  return layers.relu(layers.batchNorm(y, `${name}_bn`), `${name}_relu`);
}

/**
 * One Inception module: four parallel branches over the same input, concatenated along the channels
 * (`${name}_out`): 1x1; 1x1 reduce then 3x3; 1x1 reduce then two 3x3 (a 5x5's receptive field at 18/25 of
 * its weights, Inception-v2's factorisation); 3x3/1 max pool then a 1x1 projection. Batch norm follows
 * every convolution (BN-Inception), which GoogLeNet's auxiliary classifiers were a substitute for.
 */
export function inceptionModule(
  layers: SeededLayers,
  x: Symbolic,
  name: string,
  spec: InceptionModule,
  width: number,
): Symbolic {
  const c = (channels: number): number => inceptionChannels(channels, width);
  const branch1 = convBnRelu(layers, x, `${name}_1x1`, c(spec.conv1x1), 1);
  let branch2 = convBnRelu(layers, x, `${name}_3x3_reduce`, c(spec.reduce3x3), 1);
  branch2 = convBnRelu(layers, branch2, `${name}_3x3`, c(spec.conv3x3), 3);
  let branch3 = convBnRelu(layers, x, `${name}_5x5_reduce`, c(spec.reduce5x5), 1);
  branch3 = convBnRelu(layers, branch3, `${name}_5x5a`, c(spec.conv5x5), 3);
  branch3 = convBnRelu(layers, branch3, `${name}_5x5b`, c(spec.conv5x5), 3);
  const pooled = tfl.layers
    .maxPooling2d({ name: `${name}_pool`, poolSize: 3, strides: 1, padding: 'same' })
    .apply(x) as Symbolic;
  const branch4 = convBnRelu(layers, pooled, `${name}_pool_proj`, c(spec.poolProjection), 1);
  return tfl.layers
    .concatenate({ name: `${name}_out`, axis: -1 })
    .apply([branch1, branch2, branch3, branch4]) as Symbolic;
}
