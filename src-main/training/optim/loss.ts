import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's node entry registers no gradients; tfjs-layers' bundle registers them all. A loss is there to
// be differentiated, so it makes sure they are present even where no layers model was built yet.
import '@tensorflow/tfjs-layers';

/**
 * Mean softmax cross-entropy of a batch of logits [batch, classes] against class indices [batch]. With
 * label smoothing e the target puts 1 - e + e/K on the true class and e/K on each other one (Szegedy et
 * al. 2016, as PyTorch and Keras define it): the logits stop growing once the true class is clearly ahead,
 * which helps a small dataset generalise. Built from logSoftmax, whose gradient every backend has.
 */
export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor, labelSmoothing = 0): tf.Scalar {
  if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
    throw new Error(`loss - label smoothing must be 0..1 (exclusive), got ${labelSmoothing}`);
  }
  return tf.tidy(() => {
    const classes = logits.shape[logits.shape.length - 1]!;
    const logProbabilities = tf.logSoftmax(logits);
    let target: tf.Tensor = tf.oneHot(tf.cast(labels, 'int32'), classes);
    if (labelSmoothing > 0) target = tf.add(tf.mul(target, 1 - labelSmoothing), labelSmoothing / classes);
    return tf.neg(tf.mean<tf.Scalar>(tf.sum(tf.mul(target, logProbabilities), -1)));
  });
}

/** Fraction of the batch whose highest logit is its label's. */
export function accuracy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'float32')),
  );
}
