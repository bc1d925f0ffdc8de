import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * The variables an optimizer updates, in the model's weight order (stable for a given architecture, so
 * optimizer state saved by position restores onto a rebuilt model). Batch norm's moving statistics are
 * not among them: the layers update those themselves in training mode.
 */
export function trainableVariables(model: LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}
