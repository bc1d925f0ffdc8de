import {
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { depthwiseForward } from './depthwise-geometry';
import { inputGradientPadding, type ForwardConv } from './gradient-geometry';
import { cropToPadding, dilateSpatially } from './spatial-ops';
import { withRunner, type KernelRunner } from './kernel-runner';

/**
 * dx[c] = sum over j of the full convolution of dy[c*m + j] (dilated by the stride) by the flipped
 * W[:, :, c, j]: one depthwise convolution with multiplier 1 over all c*m channels of dy, then a sum over j.
 */
function depthwiseInputGradient(
  runner: KernelRunner,
  dy: TensorInfo,
  filter: TensorInfo,
  conv: ForwardConv,
): TensorInfo {
  const { batchSize: n, inHeight, inWidth, inChannels, outChannels, filterHeight, filterWidth } = conv;
  const spread = dilateSpatially(runner, dy, conv.strideHeight, conv.strideWidth);
  const height = inputGradientPadding(inHeight, filterHeight, spread.shape[1]!, conv.padInfo.top);
  const width = inputGradientPadding(inWidth, filterWidth, spread.shape[2]!, conv.padInfo.left);
  const input = cropToPadding(runner, spread, height, width);
  const flipped = runner.run('Reverse', { x: filter }, { dims: [0, 1] });
  const perChannel = runner.run(
    'DepthwiseConv2dNative',
    { x: input.x, filter: runner.reshape(flipped, [filterHeight, filterWidth, outChannels, 1]) },
    { strides: [1, 1], pad: input.pads, dilations: [1, 1] },
  );
  const multiplier = outChannels / inChannels;
  if (multiplier === 1) return perChannel;
  const grouped = runner.reshape(perChannel, [n, inHeight, inWidth, inChannels, multiplier]);
  return runner.run('Sum', { x: grouped }, { axis: [4], keepDims: false });
}

const depthwiseBackpropInput = ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
  const { dy, filter } = inputs as DepthwiseConv2dNativeBackpropInputInputs;
  const typed = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const conv = depthwiseForward(
    DepthwiseConv2dNativeBackpropInput,
    typed.inputShape,
    filter!.shape as [number, number, number, number],
    typed,
  );
  return withRunner(backend, (runner) => depthwiseInputGradient(runner, dy!, filter!, conv));
};

/** DepthwiseConv2dNativeBackpropInput for 'wasm', which tfjs-backend-wasm 4.22 does not register. */
export const depthwiseBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput,
};
