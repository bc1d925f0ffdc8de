import * as tf from '@tensorflow/tfjs-core';

/**
 * A convolution whose per-channel affine tail (bias, batch norm, scale layer) has been folded into its
 * filter and one bias, so that the backend runs it as one fused kernel (on wasm: one XNNPACK convolution
 * with bias and clamp) instead of a convolution followed by two to four elementwise passes.
 */
export interface FoldedConv {
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
}

/** Per-output-channel y = x * scale + shift, the form batch norm and dlib's scale layers take. */
export interface ChannelAffine {
  scale: tf.Tensor1D;
  shift: tf.Tensor1D;
}

/**
 * Folds `conv(x, filter) + bias` followed by `* scale + shift` into one filter and bias:
 * conv(x, filter * scale) + (bias * scale + shift). Exact up to float rounding. `depthwise`: the filter is
 * [h, w, channels, 1] and the scale runs along its third axis.
 */
export function foldConv(
  filter: tf.Tensor4D,
  bias: tf.Tensor1D | undefined,
  affine?: ChannelAffine,
  depthwise = false,
): FoldedConv {
  return tf.tidy(() => {
    const channels = depthwise ? filter.shape[2] : filter.shape[3];
    const scale = affine?.scale ?? tf.ones([channels]);
    const shift = affine?.shift ?? tf.zeros([channels]);
    const base = bias ?? tf.zeros([channels]);
    const scaledFilter = depthwise
      ? tf.mul(filter, tf.reshape(scale, [1, 1, channels, 1]))
      : tf.mul(filter, scale);
    return { filter: scaledFilter as tf.Tensor4D, bias: tf.add<tf.Tensor1D>(tf.mul(base, scale), shift) };
  });
}

/** Batch norm as a per-channel affine: scale = gamma / sqrt(variance + epsilon), shift = beta - mean * scale. */
export function batchNormAffine(
  mean: tf.Tensor1D,
  variance: tf.Tensor1D,
  offset: tf.Tensor1D,
  gamma: tf.Tensor1D,
  epsilon: number,
): ChannelAffine {
  return tf.tidy(() => {
    const scale = tf.div<tf.Tensor1D>(gamma, tf.sqrt(tf.add(variance, epsilon)));
    return { scale, shift: tf.sub<tf.Tensor1D>(offset, tf.mul(mean, scale)) };
  });
}

/**
 * Folds an input normalisation `(x - mean[c]) * factor` into a convolution with 'valid' padding (every window
 * lies inside the image, so the constant term is the same everywhere): filter * factor, and
 * bias - sum over the window of filter * factor * mean[c].
 */
export function foldInputNormalization(
  conv: FoldedConv,
  mean: readonly number[],
  factor: number,
): FoldedConv {
  return tf.tidy(() => {
    const filter = tf.mul<tf.Tensor4D>(conv.filter, factor);
    const offset = tf.sum(
      tf.mul(filter, tf.reshape(tf.tensor1d([...mean]), [1, 1, mean.length, 1])),
      [0, 1, 2],
    );
    return { filter, bias: tf.sub<tf.Tensor1D>(conv.bias, offset) };
  });
}

type Padding = 'same' | 'valid';

/** One fused convolution (filter, bias and activation in a single kernel). */
export function conv(
  x: tf.Tensor4D,
  layer: FoldedConv,
  strides: 1 | 2,
  padding: Padding,
  activation: 'linear' | 'relu' | 'relu6',
): tf.Tensor4D {
  return tf.fused.conv2d({ x, filter: layer.filter, strides, pad: padding, bias: layer.bias, activation });
}

/** One fused depthwise convolution (filter, bias and activation in a single kernel). */
export function depthwiseConv(
  x: tf.Tensor4D,
  layer: FoldedConv,
  strides: 1 | 2,
  activation: 'linear' | 'relu' | 'relu6',
): tf.Tensor4D {
  return tf.fused.depthwiseConv2d({
    x,
    filter: layer.filter,
    strides,
    pad: 'same',
    bias: layer.bias,
    activation,
  });
}

/** Disposes every tensor of a structure of folded layers. */
export function disposeFolded(layers: Iterable<FoldedConv>): void {
  for (const layer of layers) tf.dispose([layer.filter, layer.bias]);
}
