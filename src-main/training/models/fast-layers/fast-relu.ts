import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ReluGrad } from '../../kernels/native-fused-ops';
import { layerClassOf } from './layer-class';
import type { ReLU } from '@tensorflow/tfjs-layers/dist/layers/advanced_activations';

const ReLULayer = layerClassOf(tfl.layers.reLU, {});

/**
 * 1 where y > 0, else 0, for y = relu(x) (so it equals tfjs' step(x)), in one kernel: tfjs-node builds Step
 * from six (two of them full-size fills; 10% of a native ResNet step) and has a one-kernel Sign, while
 * wasm's Sign is a slow loop (8x its Step). Both are exact on y, which is 0 or positive.
 */
function positiveMask(y: tf.Tensor): tf.Tensor {
  return tf.getBackend() === 'tensorflow' ? tf.sign(y) : tf.step(y);
}

/** dy * [y > 0]: one kernel where the backend has {@link ReluGrad} (native), else a mask and a product. */
function reluGradient(dy: tf.Tensor, y: tf.Tensor): tf.Tensor {
  if (tf.getKernel(ReluGrad, tf.getBackend())) return tf.engine().runKernel<tf.Tensor>(ReluGrad, { dy, y });
  return tf.mul(dy, positiveMask(y));
}

/** max(x, 0) whose gradient reads the output (dy * [y > 0]) in fast kernels on every backend. */
export const reluWithMaskGradient = tf.customGrad((x, save) => {
  const value = tf.relu(x as tf.Tensor);
  (save as tf.GradSaveFunc)([value]);
  return { value, gradFunc: (dy: tf.Tensor, [y]: tf.Tensor[]) => reluGradient(dy, y!) };
});

/** tf.layers' ReLU with {@link reluWithMaskGradient}; saved as a plain 'ReLU' (the class name is inherited). */
export class FastReLU extends ReLULayer {
  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: Parameters<ReLU['call']>[1],
  ): tf.Tensor | tf.Tensor[] {
    // A capped ReLU (maxValue, private in tf.layers' typings) keeps tf.layers' own pass.
    if ((this as unknown as { maxValue?: number }).maxValue != null) return super.call(inputs, kwargs);
    return reluWithMaskGradient(Array.isArray(inputs) ? inputs[0]! : inputs);
  }
}
