import type * as tf from '@tensorflow/tfjs-core';

/**
 * tf.layers names weights `<layer>/kernel`, `<layer>/gamma`, `<layer>/beta`, `<layer>/bias`..., with `_N`
 * appended when a name is taken (a second model built in the same process).
 */
const KERNEL = /\/kernel(_\d+)?$/;

/**
 * Whether weight decay applies to a variable: convolution and dense kernels only. Batch norm's scale and
 * shift, biases and a head's cosine scale are left alone: shrinking them changes what the layer computes
 * without regularising anything (Goyal et al. 2017; He et al. 2019, "bag of tricks").
 */
export function decaysByDefault(variable: tf.Variable): boolean {
  return KERNEL.test(variable.name);
}
