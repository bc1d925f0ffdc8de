import {
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { runBackendKernel } from './backend-originals';
import { convolvedFilterGradient } from './conv2d-backprop-filter';
import { convolvedInputGradient } from './conv2d-backprop-input';
import { forwardConv, type ForwardConv } from './gradient-geometry';
import { withRunner } from './kernel-runner';

const undilatedNhwc = (conv: ForwardConv): boolean =>
  conv.dataFormat === 'channelsLast' && conv.dilationHeight === 1 && conv.dilationWidth === 1;

/** A stride-1 convolution with a spatial (not 1x1) filter. */
const stride1Spatial = (conv: ForwardConv): boolean =>
  conv.strideHeight === 1 && conv.strideWidth === 1 && (conv.filterHeight > 1 || conv.filterWidth > 1);

/**
 * Where libtensorflow 1.15's own filter gradient (Eigen's backward contraction) loses to its forward
 * convolution with the batch and channel axes swapped, our wasm formulation: measured on one thread,
 * batch 16, over every convolution of ResNet-18 at width 0.25 (64x64 and 112x112 inputs), it wins for a
 * large filter (the 7x7 stride-2 stem: 27 -> 15 ms) and for stride-1 3x3 layers of 16x16 outputs and more
 * (64x64x16: 20 -> 11 ms, 32x32x32: 12.5 -> 6.6, 28x28x16: 3.7 -> 2.7), and ties or loses on smaller maps
 * (7x7x64: 1.1 -> 1.3) and at stride 2 with a 3x3 filter (28x28x16: 1.0 -> 1.4), where TF keeps its own.
 */
export function convolvedFilterGradientPays(conv: ForwardConv): boolean {
  if (!undilatedNhwc(conv)) return false;
  if (conv.filterHeight >= 5 && conv.filterWidth >= 5) return true;
  return stride1Spatial(conv) && conv.outHeight * conv.outWidth >= 16 * 16;
}

/**
 * Where TF's own input gradient loses to a forward convolution of dy by the flipped, transposed filter:
 * stride 1 (no dilation of dy needed) with at least 8 input channels, the forward convolution's output
 * here. Measured as above: 4x4x128 3.7 -> 1.1 ms, 32x32x32 9.5 -> 5.8, 28x28x16 2.1 -> 1.6; with 3
 * channels (a stem at 64x64, whose image gradient no training step asks for anyway) 2.8 -> 8.7.
 */
export function convolvedInputGradientPays(conv: ForwardConv): boolean {
  return undilatedNhwc(conv) && stride1Spatial(conv) && conv.inChannels >= 8;
}

const nativeFilterGradient: KernelFunc = (args) => {
  const { x, dy } = args.inputs as Conv2DBackpropFilterInputs;
  const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  const conv = forwardConv(x!.shape, attrs.filterShape, attrs);
  if (!convolvedFilterGradientPays(conv)) return runBackendKernel(Conv2DBackpropFilter, args, 'tensorflow');
  return withRunner(args.backend, (runner) => convolvedFilterGradient(runner, x!, dy!, conv), 'tensorflow');
};

const nativeInputGradient: KernelFunc = (args): TensorInfo => {
  const { dy, filter } = args.inputs as Conv2DBackpropInputInputs;
  const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
  const conv = forwardConv(attrs.inputShape, filter!.shape, attrs);
  if (!convolvedInputGradientPays(conv)) return runBackendKernel(Conv2DBackpropInput, args, 'tensorflow');
  return withRunner(
    args.backend,
    (runner) => convolvedInputGradient(runner, dy!, filter!, conv),
    'tensorflow',
  );
};

/**
 * Convolution gradients for native tfjs-node on the CPU: the layers where a forward convolution computes
 * them faster than libtensorflow's own backward kernels; every other layer runs TF's own.
 */
export const NATIVE_CONV_GRADIENTS: readonly KernelConfig[] = [
  { kernelName: Conv2DBackpropFilter, backendName: 'tensorflow', kernelFunc: nativeFilterGradient },
  { kernelName: Conv2DBackpropInput, backendName: 'tensorflow', kernelFunc: nativeInputGradient },
];
