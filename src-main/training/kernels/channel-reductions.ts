import {
  Mean,
  Sum,
  util,
  type KernelConfig,
  type KernelFunc,
  type SumAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { runBackendKernel } from './backend-originals';
import { withRunner } from './kernel-runner';

/** True when `axis` names every axis of a 4D NHWC float tensor but the channels. */
function overAllButChannels(x: TensorInfo, axis: number | number[]): boolean {
  if (x.shape.length !== 4 || x.dtype !== 'float32') return false;
  const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  return axes.length === 3 && axes[0] === 0 && axes[1] === 1 && axes[2] === 2;
}

/**
 * The per-channel mean (or sum) of an NHWC tensor. The backend's reductions need the reduced axes
 * innermost, so for these (batch norm's statistics and every gradient of a per-channel scale or shift)
 * they first transpose the whole activation: 12x slower than XNNPACK's average pooling over each image's
 * H x W window, after which only the small [N, C] means are left to reduce.
 */
function channelReduction(kind: typeof Sum | typeof Mean): KernelFunc {
  return (args) => {
    const x = args.inputs['x']!;
    const { axis, keepDims } = args.attrs as unknown as SumAttrs;
    if (!overAllButChannels(x, axis)) return runBackendKernel(kind, args);
    const [batch, height, width, channels] = x.shape as [number, number, number, number];
    return withRunner(args.backend, (runner) => {
      const pooled = runner.run(
        'AvgPool',
        { x },
        { filterSize: [height, width], strides: [1, 1], pad: 'valid' },
      );
      const imageMeans = runner.reshape(pooled, [batch, channels]);
      const summed = runner.run('Sum', { x: imageMeans }, { axis: [0], keepDims: false });
      // Every image holds height x width values, so the mean is the mean of the images' means.
      const scale = kind === Sum ? height * width : 1 / batch;
      const result = runner.run('Multiply', { a: summed, b: runner.constant([], Float32Array.of(scale)) });
      return keepDims ? runner.reshape(result, [1, 1, 1, channels]) : result;
    });
  };
}

/** Sum for 'wasm': per-channel sums of NHWC tensors without a transpose; other reductions as before. */
export const sumConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'wasm',
  kernelFunc: channelReduction(Sum),
};

/** Mean for 'wasm': per-channel means of NHWC tensors without a transpose; other reductions as before. */
export const meanConfig: KernelConfig = {
  kernelName: Mean,
  backendName: 'wasm',
  kernelFunc: channelReduction(Mean),
};
