import * as tf from '@tensorflow/tfjs-core';
import {
  BatchNormTraining,
  BatchNormTrainingGrad,
  type BatchNormTrainingAttrs,
} from '../../kernels/native-fused-ops';

/** A batch's statistics, per channel (the last axis), as the moving averages take them. */
export interface BatchStatistics {
  mean: tf.Tensor1D;
  /** Biased (divided by the count), as tf.layers' batch norm averages it. */
  variance: tf.Tensor1D;
}

/**
 * Batch norm over a batch (normalised by its own statistics), with the gradient in closed form:
 *   dx = gamma / sigma * (dy - mean(dy) - xhat * mean(dy * xhat)),
 *   dgamma = sum(dy * xhat), dbeta = sum(dy),
 * over every axis but the last. tf.layers differentiates its graph instead (moments, then FusedBatchNorm,
 * whose gradient returns separate mean and variance terms that then flow back through the moments): about
 * twenty full-size element-wise kernels and six reductions per layer, against five and two here, and a
 * ResNet step spends a third of its time in them on wasm and on native. Same values (up to float rounding).
 *
 * Where the backend registers {@link BatchNormTraining} (native tfjs-node), forward and gradient are one
 * libtensorflow kernel each instead.
 *
 * `onStatistics` receives the batch's mean and variance (kept: the receiver disposes them) for the moving
 * averages, which are not part of the gradient.
 */
export const batchNormInTraining: TrainingBatchNorm = (x, gamma, beta, epsilon, onStatistics) =>
  tf.getKernel(BatchNormTraining, tf.getBackend())
    ? fusedBatchNorm(x, gamma, beta, epsilon, onStatistics)
    : composedBatchNorm(x, gamma, beta, epsilon, onStatistics);

/** The shape of a batch-norm training pass (see {@link batchNormInTraining}). */
type TrainingBatchNorm = (
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
  onStatistics: (statistics: BatchStatistics) => void,
) => tf.Tensor;

/** {@link batchNormInTraining} from tfjs ops, with the gradient in closed form: every backend. */
const composedBatchNorm: TrainingBatchNorm = (x, gamma, beta, epsilon, onStatistics) => {
  const axes = Array.from({ length: x.rank - 1 }, (_, axis) => axis);
  const normalize = tf.customGrad((input, scale, offset, save) => {
    const inputs = [input, scale, offset] as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
    const { mean, variance } = tf.moments(inputs[0], axes) as { mean: tf.Tensor1D; variance: tf.Tensor1D };
    const value = tf.batchNorm(inputs[0], mean, variance, inputs[2], inputs[1], epsilon);
    (save as tf.GradSaveFunc)([inputs[0], mean, variance, inputs[1]]);
    onStatistics({ mean: tf.keep(mean), variance: tf.keep(variance) });
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] =>
      closedFormGradients(dy, saved as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D], axes, epsilon);
    return { value, gradFunc };
  });
  return normalize(x, gamma, beta);
};

/**
 * {@link batchNormInTraining} through the backend's fused kernels (native-fused-ops.ts), which take NHWC:
 * another rank (a dense layer's [batch, features]) goes through as [rows, 1, 1, channels], the same
 * statistics.
 */
const fusedBatchNorm: TrainingBatchNorm = (x, gamma, beta, epsilon, onStatistics) => {
  const attrs: BatchNormTrainingAttrs = { epsilon };
  const normalize = tf.customGrad((input, scale, offset, save) => {
    const inputs = { x: input as tf.Tensor, scale: scale as tf.Tensor1D, offset: offset as tf.Tensor1D };
    const [value, mean, variance] = tf
      .engine()
      .runKernel<[tf.Tensor, tf.Tensor1D, tf.Tensor1D]>(BatchNormTraining, inputs, { ...attrs });
    (save as tf.GradSaveFunc)([inputs.x, inputs.scale, mean, variance]);
    onStatistics({ mean: tf.keep(mean), variance: tf.keep(variance) });
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [savedX, savedScale, savedMean, savedVariance] = saved as [
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
      ];
      const gradInputs = { dy, x: savedX, scale: savedScale, mean: savedMean, variance: savedVariance };
      return tf.engine().runKernel<tf.Tensor[]>(BatchNormTrainingGrad, gradInputs, { ...attrs });
    };
    return { value, gradFunc };
  });
  if (x.rank === 4) return normalize(x, gamma, beta);
  const channels = x.shape[x.rank - 1]!;
  return tf.reshape(normalize(tf.reshape(x, [-1, 1, 1, channels]), gamma, beta), x.shape);
};

/** [dx, dgamma, dbeta] of {@link batchNormInTraining}, from the saved input and statistics. */
function closedFormGradients(
  dy: tf.Tensor,
  [x, mean, variance, gamma]: [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D],
  axes: number[],
  epsilon: number,
): tf.Tensor[] {
  return tf.tidy(() => {
    const count = x.size / mean.size;
    const xhat = tf.batchNorm(x, mean, variance, undefined, undefined, epsilon);
    const dbeta = tf.sum(dy, axes);
    const dgamma = tf.sum(tf.mul(dy, xhat), axes);
    const gain = tf.mul(gamma, tf.rsqrt(tf.add(variance, epsilon)));
    const perCount = tf.mul(gain, -1 / count);
    // gain * dy - gain * dbeta / count is an affine map per channel: batchNorm with mean 0, variance 1 and
    // epsilon 0 computes it in one kernel. Then the xhat term.
    const affine = tf.batchNorm(
      dy,
      tf.zerosLike(mean),
      tf.onesLike(variance),
      tf.mul(perCount, dbeta),
      gain,
      0,
    );
    const dx = tf.add(affine, tf.mul(xhat, tf.mul(perCount, dgamma)));
    return [dx, dgamma, dbeta];
  });
}
