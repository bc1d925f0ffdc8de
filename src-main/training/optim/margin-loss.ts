import * as tf from '@tensorflow/tfjs-core';
import { softmaxCrossEntropy } from './loss';
import type { MarginLossName, MarginSettings } from './loss-config';

export interface MarginLossOptions extends MarginSettings {
  /** As in {@link softmaxCrossEntropy}. Default 0. */
  labelSmoothing?: number;
  /**
   * ArcFace only: apply the margin only where the true class's cosine is positive (Deng et al.'s
   * "easy margin"). Default false: the margin everywhere, with the threshold for theta + m > pi.
   */
  easyMargin?: boolean;
}

/**
 * Keeps 1 - cos^2 off zero: d cos(theta + m) / d cos(theta) = sin(theta + m) / sin(theta) grows without
 * bound as theta -> 0, and float32 normalised vectors can give |cos| a hair above 1. 1e-6 caps the factor
 * at 1000 sin(m), reached only within a milliradian of the class centre.
 */
const MIN_SQUARED_SINE = 1e-6;

function fail(message: string): never {
  throw new Error(`marginLoss - ${message}`);
}

function check(name: MarginLossName, options: MarginLossOptions): void {
  const { margin, scale } = options;
  const maxMargin = name === 'arcface' ? Math.PI / 2 : 2;
  if (!(margin >= 0 && margin <= maxMargin)) fail(`${name} margin must be 0..${maxMargin}, got ${margin}`);
  if (!(scale > 0)) fail(`${name} scale must be positive, got ${scale}`);
}

/** The true class's cosine of each row [batch] and the one-hot of the labels [batch, classes]. */
function targets(cosines: tf.Tensor, labels: tf.Tensor): { target: tf.Tensor1D; oneHot: tf.Tensor2D } {
  const classes = cosines.shape[cosines.shape.length - 1]!;
  const oneHot = tf.oneHot(tf.cast(labels, 'int32'), classes) as tf.Tensor2D;
  return { target: tf.sum(tf.mul(cosines, oneHot), -1), oneHot };
}

/** `scale` times the cosines with the true class's replaced by `marked` [batch]. */
function scaledWith(
  cosines: tf.Tensor,
  oneHot: tf.Tensor2D,
  target: tf.Tensor1D,
  marked: tf.Tensor1D,
  scale: number,
): tf.Tensor {
  return tf.mul(tf.add(cosines, tf.mul(oneHot, tf.expandDims(tf.sub(marked, target), 1))), scale);
}

/**
 * ArcFace's logits (Deng et al. 2019): s cos(theta_y + m) for the true class, s cos(theta_j) for the others,
 * where cos(theta + m) = cos(theta) cos(m) - sin(theta) sin(m). Past theta = pi - m, cos(theta + m) would
 * rise again with theta and reward moving away from the class, so there (as the authors' code does) the
 * true class gets cos(theta) - m sin(m), a CosFace-like margin that keeps falling; with `easyMargin` the
 * margin applies only where cos(theta) > 0.
 */
export function arcFaceLogits(cosines: tf.Tensor, labels: tf.Tensor, options: MarginLossOptions): tf.Tensor {
  check('arcface', options);
  const { margin, scale } = options;
  return tf.tidy(() => {
    const { target, oneHot } = targets(cosines, labels);
    const sine = tf.sqrt(tf.clipByValue(tf.sub(1, tf.square(target)), MIN_SQUARED_SINE, 1));
    const withMargin = tf.sub(tf.mul(target, Math.cos(margin)), tf.mul(sine, Math.sin(margin)));
    // Which branch each row takes, as a 0/1 mask: tf.step has a (zero) gradient, tf.greater has none.
    const threshold = options.easyMargin ? 0 : Math.cos(Math.PI - margin);
    const fallback = options.easyMargin ? target : tf.sub(target, margin * Math.sin(margin));
    const inside = tf.step(tf.sub(target, threshold));
    const marked = tf.add(tf.mul(inside, withMargin), tf.mul(tf.sub(1, inside), fallback));
    return scaledWith(cosines, oneHot, target, marked as tf.Tensor1D, scale);
  });
}

/** CosFace's logits (Wang et al. 2018): s (cos(theta_y) - m) for the true class, s cos(theta_j) for the others. */
export function cosFaceLogits(cosines: tf.Tensor, labels: tf.Tensor, options: MarginLossOptions): tf.Tensor {
  check('cosface', options);
  const { margin, scale } = options;
  return tf.tidy(() => {
    const { target, oneHot } = targets(cosines, labels);
    return scaledWith(cosines, oneHot, target, tf.sub(target, margin), scale);
  });
}

/**
 * The mean margin loss of a batch of cosines [batch, classes] (normalised embedding . normalised class
 * direction, no scale) against class indices [batch]: softmax cross-entropy of the margin logits. The
 * model's output stays the plain cosines, so its argmax is still the predicted class.
 */
export function marginLoss(
  name: MarginLossName,
  cosines: tf.Tensor,
  labels: tf.Tensor,
  options: MarginLossOptions,
): tf.Scalar {
  return tf.tidy(() => {
    const logits =
      name === 'arcface' ? arcFaceLogits(cosines, labels, options) : cosFaceLogits(cosines, labels, options);
    return softmaxCrossEntropy(logits, labels, options.labelSmoothing ?? 0);
  });
}
