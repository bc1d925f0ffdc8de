import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { ForwardConv } from './gradient-geometry';
import type { KernelRunner } from './kernel-runner';

/**
 * A 1x1 convolution without padding is a matrix product per position: its gradients are matrix products
 * too, cheaper than any convolution (no packing of a large "filter").
 */
export function isPointwise(conv: ForwardConv): boolean {
  const { top, bottom, left, right } = conv.padInfo;
  return conv.filterHeight === 1 && conv.filterWidth === 1 && top + bottom + left + right === 0;
}

/** A [1, 1, n, n] identity filter on the wasm heap. */
function identityFilter(runner: KernelRunner, channels: number): TensorInfo {
  const values = new Float32Array(channels * channels);
  for (let c = 0; c < channels; c++) values[c * channels + c] = 1;
  return runner.constant([1, 1, channels, channels], values);
}

/**
 * The input positions a strided 1x1 convolution reads, [batch, outH, outW, inC] (x itself at stride 1).
 * Taken by a strided 1x1 convolution with the identity filter: XNNPACK does that at memory speed, where
 * the wasm StridedSlice kernel computes an index per element and takes ~25x as long.
 */
export function positionsRead(runner: KernelRunner, x: TensorInfo, conv: ForwardConv): TensorInfo {
  if (conv.strideHeight === 1 && conv.strideWidth === 1) return x;
  return runner.run(
    'Conv2D',
    { x, filter: identityFilter(runner, conv.inChannels) },
    { strides: [conv.strideHeight, conv.strideWidth], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] },
  );
}
