import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import {
  assertTrainableGeometry,
  forwardConv,
  inputGradientPadding,
  type ForwardConv,
} from './gradient-geometry';
import { isPointwise } from './pointwise';
import { cropToPadding, dilateSpatially, padExplicitly } from './spatial-ops';
import { withRunner, type KernelRunner } from './kernel-runner';

/**
 * 1x1, unpadded: dx = dy W^T (a 1x1 convolution by the transposed filter: XNNPACK's, as the wasm
 * BatchMatMul is ~10x slower with a transposed operand) at the positions the forward pass read, zero
 * elsewhere (a strided 1x1 shortcut skips every other row and column).
 */
function pointwiseInputGradient(
  runner: KernelRunner,
  dy: TensorInfo,
  filter: TensorInfo,
  conv: ForwardConv,
): TensorInfo {
  const read = runner.run(
    'Conv2D',
    { x: dy, filter: runner.transpose(filter, [0, 1, 3, 2]) },
    { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] },
  );
  if (conv.strideHeight === 1 && conv.strideWidth === 1) return read;
  const spread = dilateSpatially(runner, read, conv.strideHeight, conv.strideWidth);
  const height = inputGradientPadding(conv.inHeight, 1, spread.shape[1]!, 0);
  const width = inputGradientPadding(conv.inWidth, 1, spread.shape[2]!, 0);
  const cropped = cropToPadding(runner, spread, height, width);
  return padExplicitly(runner, cropped.x, cropped.pads);
}

/**
 * Any other filter: the full convolution of the dilated dy by the spatially flipped filter with its in and
 * out channels swapped, on XNNPACK's forward convolution (the backend's own kernel is a scalar loop).
 */
export function convolvedInputGradient(
  runner: KernelRunner,
  dy: TensorInfo,
  filter: TensorInfo,
  conv: ForwardConv,
): TensorInfo {
  const spread = dilateSpatially(runner, dy, conv.strideHeight, conv.strideWidth);
  const height = inputGradientPadding(conv.inHeight, conv.filterHeight, spread.shape[1]!, conv.padInfo.top);
  const width = inputGradientPadding(conv.inWidth, conv.filterWidth, spread.shape[2]!, conv.padInfo.left);
  const input = cropToPadding(runner, spread, height, width);
  const flipped = runner.run('Reverse', { x: filter }, { dims: [0, 1] });
  return runner.run(
    'Conv2D',
    { x: input.x, filter: runner.transpose(flipped, [0, 1, 3, 2]) },
    { strides: [1, 1], pad: input.pads, dataFormat: 'NHWC', dilations: [1, 1] },
  );
}

const conv2DBackpropInput = ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
  const { dy, filter } = inputs as Conv2DBackpropInputInputs;
  const attributes = attrs as unknown as Conv2DBackpropInputAttrs;
  const conv = forwardConv(attributes.inputShape, filter!.shape, attributes);
  assertTrainableGeometry(Conv2DBackpropInput, conv);
  return withRunner(backend, (runner) =>
    isPointwise(conv)
      ? pointwiseInputGradient(runner, dy!, filter!, conv)
      : convolvedInputGradient(runner, dy!, filter!, conv),
  );
};

/** Conv2DBackpropInput for 'wasm', replacing the backend's scalar loop. */
export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput,
};
