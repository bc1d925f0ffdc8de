import { backend_util, type DepthwiseConv2dNativeBackpropFilterAttrs } from '@tensorflow/tfjs-core';
import { assertTrainableGeometry, type ForwardConv } from './gradient-geometry';

type Shape4 = [number, number, number, number];

/** The forward depthwise convolution's geometry, from either gradient kernel's attributes. */
export function depthwiseForward(
  kernel: string,
  inputShape: Shape4,
  filterShape: Shape4,
  attrs: Omit<DepthwiseConv2dNativeBackpropFilterAttrs, 'filterShape'>,
): ForwardConv {
  const conv = backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  assertTrainableGeometry(kernel, conv);
  return conv;
}
