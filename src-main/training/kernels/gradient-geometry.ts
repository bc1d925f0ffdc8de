import {
  backend_util,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
} from '@tensorflow/tfjs-core';

/**
 * How one spatial axis of a gradient convolution's input is padded: a positive side is zero padding (given
 * to the convolution, which pads without copying), a negative side drops that many rows the forward pass
 * never read (e.g. the last row of an odd input under a stride-2 'valid' convolution).
 */
export interface AxisPadding {
  before: number;
  after: number;
}

/** The forward convolution's geometry, NHWC, as the gradient kernels need it. */
export type ForwardConv = backend_util.Conv2DInfo;

type Shape4 = [number, number, number, number];

/** The forward (undilated) convolution a Conv2D gradient kernel's attributes describe. */
export function forwardConv(
  inputShape: readonly number[],
  filterShape: readonly number[],
  attrs: Conv2DBackpropFilterAttrs | Conv2DBackpropInputAttrs,
): ForwardConv {
  return backend_util.computeConv2DInfo(
    inputShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
}

/**
 * Filter gradient dW[k] = sum_o x[o*stride + k - padBefore] * dy[o], read as a convolution over k of the
 * input by dy: stride 1, dilation = the forward stride, dy as a filter `outSize` long; it must produce
 * exactly `filterSize` outputs.
 */
export function filterGradientPadding(
  inSize: number,
  filterSize: number,
  outSize: number,
  stride: number,
  padBefore: number,
): AxisPadding {
  return { before: padBefore, after: filterSize + (outSize - 1) * stride - inSize - padBefore };
}

/**
 * Input gradient dx[i] = sum_k dyDilated[i + padBefore - k] * w[k], read as a stride-1 convolution of dy
 * (dilated by the stride: `dilatedLength` entries, zeros between and possibly after) by the flipped filter;
 * it must produce exactly `inSize` outputs.
 */
export function inputGradientPadding(
  inSize: number,
  filterSize: number,
  dilatedLength: number,
  padBefore: number,
): AxisPadding {
  return { before: filterSize - 1 - padBefore, after: inSize + padBefore - dilatedLength };
}

/** Gradients here assume what tfjs-core's conv gradients assert: NHWC and no forward dilation. */
export function assertTrainableGeometry(kernel: string, conv: ForwardConv): void {
  if (conv.dilationHeight !== 1 || conv.dilationWidth !== 1) {
    throw new Error(
      `Training kernels - ${kernel}: dilations > 1 have no gradient (tfjs-core does not either)`,
    );
  }
  if (conv.dataFormat !== 'channelsLast') {
    throw new Error(`Training kernels - ${kernel}: only NHWC (channelsLast) is supported on wasm`);
  }
}
