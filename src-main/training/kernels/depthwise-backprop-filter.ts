import {
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { depthwiseForward } from './depthwise-geometry';
import { filterGradientPadding, type ForwardConv } from './gradient-geometry';
import { withRunner, type KernelRunner } from './kernel-runner';

/**
 * dW[kh, kw, c, j] = sum over batch and positions of x (shifted by kh, kw) * dy[..., c*m + j]: one strided
 * slice, broadcast product and sum per filter tap. Per channel there is no sum over input channels, so no
 * convolution does this in one call; the work equals one forward depthwise pass, which is cheap.
 */
function depthwiseFilterGradient(
  runner: KernelRunner,
  x: TensorInfo,
  dy: TensorInfo,
  conv: ForwardConv,
): TensorInfo {
  const { batchSize: n, outHeight, outWidth, inChannels, filterHeight, filterWidth } = conv;
  const { strideHeight: sh, strideWidth: sw } = conv;
  const multiplier = conv.outChannels / inChannels;
  const height = filterGradientPadding(conv.inHeight, filterHeight, outHeight, sh, conv.padInfo.top);
  const width = filterGradientPadding(conv.inWidth, filterWidth, outWidth, sw, conv.padInfo.left);
  const padded = runner.run(
    'PadV2',
    { x },
    {
      paddings: [
        [0, 0],
        [height.before, Math.max(0, height.after)],
        [width.before, Math.max(0, width.after)],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  const grouped = runner.reshape(dy, [n, outHeight, outWidth, inChannels, multiplier]);
  const taps: TensorInfo[] = [];
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const shifted = runner.run(
        'StridedSlice',
        { x: padded },
        {
          begin: [0, kh, kw, 0],
          end: [n, kh + (outHeight - 1) * sh + 1, kw + (outWidth - 1) * sw + 1, inChannels],
          strides: [1, sh, sw, 1],
          beginMask: 0,
          endMask: 0,
          ellipsisMask: 0,
          newAxisMask: 0,
          shrinkAxisMask: 0,
        },
      );
      const product = runner.run('Multiply', {
        a: runner.reshape(shifted, [n, outHeight, outWidth, inChannels, 1]),
        b: grouped,
      });
      taps.push(runner.run('Sum', { x: product }, { axis: [0, 1, 2], keepDims: false }));
    }
  }
  // Concat takes its inputs as an array, as the engine passes them for tf.concat.
  const stacked = runner.run('Concat', taps as unknown as NamedTensorInfoMap, { axis: 0 });
  return runner.reshape(stacked, [filterHeight, filterWidth, inChannels, multiplier]);
}

const depthwiseBackpropFilter = ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
  const { x, dy } = inputs as DepthwiseConv2dNativeBackpropFilterInputs;
  const typed = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const conv = depthwiseForward(
    DepthwiseConv2dNativeBackpropFilter,
    x!.shape as [number, number, number, number],
    typed.filterShape,
    typed,
  );
  return withRunner(backend, (runner) => depthwiseFilterGradient(runner, x!, dy!, conv));
};

/** DepthwiseConv2dNativeBackpropFilter for 'wasm', which tfjs-backend-wasm 4.22 does not register. */
export const depthwiseBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter,
};
