import type { LayersModel, LayerVariable } from '@tensorflow/tfjs-layers';

/** tf.layers' batch norm names its running statistics `<layer>/moving_mean` and `<layer>/moving_variance`. */
const MOVING = /\/moving_(mean|variance)$/;

/**
 * Batch norm's moving statistics: the weights a forward pass in training mode changes, in model order.
 * Other non-trainable weights (frozen layers of a fine-tuned network, a fixed cosine scale) it leaves as
 * they are.
 */
export function movingStatistics(model: LayersModel): LayerVariable[] {
  return model.nonTrainableWeights.filter((weight) => MOVING.test(weight.originalName));
}

/** The weights a training step changes: the trainable ones, then the moving statistics. */
export function stepWeights(model: LayersModel): LayerVariable[] {
  return [...model.trainableWeights, ...movingStatistics(model)];
}

/** The weights no training step changes (frozen layers, fixed scales), in model order. */
export function fixedWeights(model: LayersModel): LayerVariable[] {
  const changing = new Set(stepWeights(model));
  return model.weights.filter((weight) => !changing.has(weight));
}
