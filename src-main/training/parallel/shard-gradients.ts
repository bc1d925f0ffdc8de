import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Shard } from './ghost-shards';
import { movingStatistics } from './model-weights';

/** Mean loss of a batch's logits against its labels. */
export type LossFunction = (logits: tf.Tensor, labels: tf.Tensor1D) => tf.Scalar;

/** One replica's share of a step: sums over its shards, each term weighted by the shard's share. */
export interface ShardSums {
  /** Σ weight × shard loss. */
  loss: tf.Scalar;
  /** Faces of the shards whose largest logit is their own class (training accuracy, counted as it comes). */
  correct: tf.Scalar;
  /** Σ weight × shard gradient, one per trainable weight in the model's order. */
  gradients: tf.Tensor[];
  /**
   * Σ weight × batch norm's moving statistics as each shard's forward pass left them, each pass starting
   * from the values the step began with, in the model's order.
   */
  state: tf.Tensor[];
}

/** The trainable variables of a model in its weight order (the optimizer's and the gradients' order). */
export function trainableOf(model: LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

function addWeighted(sum: tf.Tensor | undefined, value: tf.Tensor, weight: number): tf.Tensor {
  return tf.tidy(() => {
    const term = weight === 1 ? tf.clone(value) : tf.mul(value, weight);
    return sum ? tf.add(sum, term) : term;
  });
}

/**
 * Forward and backward passes of `model` in training mode over `shards`, one after another (gradient
 * accumulation), each normalised by its own batch statistics (ghost batch norm). Moving statistics are
 * reset to their starting values before each shard, so every shard's update starts from the same point
 * and their weighted sum is the update of the whole step; the caller writes the combined state back with
 * {@link writeState}. An empty shard list gives zero sums.
 */
export function shardGradients(model: LayersModel, loss: LossFunction, shards: readonly Shard[]): ShardSums {
  const variables = trainableOf(model);
  const stateWeights = movingStatistics(model);
  const start = stateWeights.map((weight) => tf.clone(weight.read()));
  let lossSum: tf.Tensor | undefined;
  let correct: tf.Tensor | undefined;
  let gradients: (tf.Tensor | undefined)[] = variables.map(() => undefined);
  let state: (tf.Tensor | undefined)[] = stateWeights.map(() => undefined);
  try {
    shards.forEach((shard, index) => {
      if (index > 0) stateWeights.forEach((weight, k) => weight.write(start[k]!));
      let hits: tf.Tensor | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const logits = model.apply(shard.x, { training: true }) as tf.Tensor;
        // Kept out of the gradient's scope: the accuracy of the very pass the step learns from.
        hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), shard.y), 'float32')));
        return loss(logits, shard.y);
      }, variables);
      const previous = [lossSum, correct, hits, ...gradients, ...state];
      correct = addWeighted(correct, hits as tf.Tensor, 1);
      lossSum = addWeighted(lossSum, value, shard.weight);
      gradients = variables.map((variable, k) =>
        addWeighted(gradients[k], grads[variable.name] as tf.Tensor, shard.weight),
      );
      state = stateWeights.map((weight, k) => addWeighted(state[k], weight.read(), shard.weight));
      tf.dispose([value, grads, ...previous.filter((t): t is tf.Tensor => t !== undefined)]);
    });
  } catch (error) {
    tf.dispose([lossSum, correct, ...gradients, ...state].filter((t): t is tf.Tensor => t !== undefined));
    throw error;
  } finally {
    // The model's state is the step's starting one until the caller writes the combined sums.
    stateWeights.forEach((weight, k) => weight.write(start[k]!));
    tf.dispose(start);
  }
  return {
    loss: (lossSum ?? tf.scalar(0)) as tf.Scalar,
    correct: (correct ?? tf.scalar(0)) as tf.Scalar,
    gradients: variables.map((variable, k) => gradients[k] ?? tf.zerosLike(variable)),
    state: stateWeights.map((weight, k) => state[k] ?? tf.zerosLike(weight.read())),
  };
}

/** Writes combined moving statistics (see {@link ShardSums.state}) into the model and frees them. */
export function writeState(model: LayersModel, state: readonly tf.Tensor[]): void {
  // A variable's write shares the tensor's data (reference-counted): disposing the tensor keeps it alive.
  movingStatistics(model).forEach((weight, k) => weight.write(state[k]!));
  tf.dispose([...state]);
}
