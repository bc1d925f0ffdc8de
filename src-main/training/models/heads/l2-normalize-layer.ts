import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Keeps an all-zero vector at zero instead of dividing by zero. */
const MIN_SQUARED_NORM = 1e-12;

/** Scales each row to unit length, so a dense layer after it sees only directions (cosines). */
export class L2Normalize extends tfl.layers.Layer {
  static readonly className = 'L2Normalize';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const squared = tf.sum(tf.square(x), -1, true);
      return tf.mul(x, tf.rsqrt(tf.maximum(squared, MIN_SQUARED_NORM)));
    });
  }
}

// Registered so that a saved model (tfjs format) with this layer loads again.
tf.serialization.registerClass(L2Normalize);
