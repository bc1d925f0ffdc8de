import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import {
  assertTrainableGeometry,
  filterGradientPadding,
  forwardConv,
  type ForwardConv,
} from './gradient-geometry';
import { isPointwise, positionsRead } from './pointwise';
import { cropToPadding } from './spatial-ops';
import { withRunner, type KernelRunner } from './kernel-runner';

/**
 * 1x1, unpadded: dW = X^T dy over the batch and the positions read, one matrix product; X goes
 * channels-first first, as the wasm BatchMatMul is ~10x slower with a transposed operand.
 */
function pointwiseFilterGradient(
  runner: KernelRunner,
  x: TensorInfo,
  dy: TensorInfo,
  conv: ForwardConv,
): TensorInfo {
  const rows = conv.batchSize * conv.outHeight * conv.outWidth;
  const channelsFirst = runner.transpose(positionsRead(runner, x, conv), [3, 0, 1, 2]);
  const product = runner.run(
    'BatchMatMul',
    {
      a: runner.reshape(channelsFirst, [conv.inChannels, rows]),
      b: runner.reshape(dy, [rows, conv.outChannels]),
    },
    { transposeA: false, transposeB: false },
  );
  return runner.reshape(product, [1, 1, conv.inChannels, conv.outChannels]);
}

/**
 * Any other filter: the batch and channel axes swap roles, so that XNNPACK's forward convolution does the
 * sum over batch and positions: x as [inC, H, W, batch] convolved (stride 1, dilation = forward stride) by
 * dy as a filter [outH, outW, batch, outC] gives [inC, kH, kW, outC].
 */
export function convolvedFilterGradient(
  runner: KernelRunner,
  x: TensorInfo,
  dy: TensorInfo,
  conv: ForwardConv,
): TensorInfo {
  const { padInfo } = conv;
  const height = filterGradientPadding(
    conv.inHeight,
    conv.filterHeight,
    conv.outHeight,
    conv.strideHeight,
    padInfo.top,
  );
  const width = filterGradientPadding(
    conv.inWidth,
    conv.filterWidth,
    conv.outWidth,
    conv.strideWidth,
    padInfo.left,
  );
  const input = cropToPadding(runner, runner.transpose(x, [3, 1, 2, 0]), height, width);
  const filter = runner.transpose(dy, [1, 2, 0, 3]);
  const swapped = runner.run(
    'Conv2D',
    { x: input.x, filter },
    {
      strides: [1, 1],
      pad: input.pads,
      dataFormat: 'NHWC',
      dilations: [conv.strideHeight, conv.strideWidth],
    },
  );
  return runner.transpose(swapped, [1, 2, 0, 3]);
}

const conv2DBackpropFilter = ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
  const { x, dy } = inputs as Conv2DBackpropFilterInputs;
  const attributes = attrs as unknown as Conv2DBackpropFilterAttrs;
  const conv = forwardConv(x!.shape, attributes.filterShape, attributes);
  assertTrainableGeometry(Conv2DBackpropFilter, conv);
  return withRunner(backend, (runner) =>
    isPointwise(conv)
      ? pointwiseFilterGradient(runner, x!, dy!, conv)
      : convolvedFilterGradient(runner, x!, dy!, conv),
  );
};

/** Conv2DBackpropFilter for 'wasm', which tfjs-backend-wasm 4.22 does not register at all. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
