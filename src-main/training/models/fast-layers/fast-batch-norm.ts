import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BatchNormalization } from '@tensorflow/tfjs-layers/dist/layers/normalization';
import { layerClassOf } from './layer-class';
import { batchNormInTraining, type BatchStatistics } from './batch-norm-training';

type Kwargs = Parameters<BatchNormalization['call']>[1];

const BatchNormalizationLayer = layerClassOf(tfl.layers.batchNormalization, {});

/** The fields of tf.layers' batch norm this layer reads (private in its typings). */
interface BatchNormFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tfl.LayerVariable;
  beta: tfl.LayerVariable;
  movingMean: tfl.LayerVariable;
  movingVariance: tfl.LayerVariable;
}

/**
 * tf.layers' batch norm with the training pass of {@link batchNormInTraining} (its gradient in closed
 * form, a few kernels, instead of its differentiated graph). Inference, weights, config and the saved class name
 * ('BatchNormalization', inherited) are tf.layers' own: a saved model loads anywhere without this class.
 */
export class FastBatchNormalization extends BatchNormalizationLayer {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const fields = this as unknown as BatchNormFields;
    const input = Array.isArray(inputs) ? inputs[0]! : inputs;
    const lastAxis = fields.axis === -1 || fields.axis === input.rank - 1;
    if (kwargs['training'] !== true || !lastAxis || !fields.center || !fields.scale)
      return super.call(inputs, kwargs);
    let statistics: BatchStatistics | undefined;
    const output = batchNormInTraining(
      input,
      fields.gamma.read() as tf.Tensor1D,
      fields.beta.read() as tf.Tensor1D,
      fields.epsilon,
      (batch) => (statistics = batch),
    );
    const { mean, variance } = statistics!;
    updateMovingAverage(fields.movingMean, mean, fields.momentum);
    updateMovingAverage(fields.movingVariance, variance, fields.momentum);
    mean.dispose();
    variance.dispose();
    return output;
  }
}

/** moving <- moving - (1 - momentum) * (moving - batch), as tf.layers' batch norm updates it. */
function updateMovingAverage(moving: tfl.LayerVariable, batch: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const current = moving.read();
    moving.write(tf.sub(current, tf.mul(tf.sub(current, batch), 1 - momentum)));
  });
}
