/**
 * A data-parallel replica: a helper thread of the trainer worker holding a copy of the run's network.
 * Each step it takes the trainer's current weights and a few ghost batches, and answers their weighted
 * loss, gradients and moving statistics (shard-gradients.ts). It keeps no optimizer and no state between
 * steps: the weights it computes with are always the ones the trainer sent.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import { serveWorkerRpc, withTransfer } from '../../platform/worker-rpc-server';
import { buildNetwork, type Network } from '../run/network';
import { initTrainingBackend } from '../training-backend';
import { packTensors, unpackTensors } from './flat-tensors';
import type { Shard } from './ghost-shards';
import { fixedWeights, stepWeights } from './model-weights';
import type { ReplicaMethods, ReplicaModelSpec, WeightSpec } from './replica-messages';
import { shardGradients, type LossFunction } from './shard-gradients';

let network: Network | null = null;
let loss: LossFunction | null = null;

const specOf = (weight: LayerVariable): WeightSpec => ({
  name: weight.originalName,
  shape: weight.shape as number[],
});

/** The run's network as the trainer built it; the dataset fields only a head's initial weights read. */
function build({ config, classes, exampleShape }: ReplicaModelSpec): Network {
  const request = {
    runId: 0,
    config,
    catalogDir: '',
    runDir: '',
    classes,
    train: [],
    val: [],
    test: [],
    resumeFrom: null,
  };
  return buildNetwork(config, request, exampleShape);
}

/** Writes weights from the trainer's packed copy of them. */
function writeWeights(weights: readonly LayerVariable[], packed: Float32Array): void {
  const values = unpackTensors(
    packed,
    weights.map((weight) => weight.shape as number[]),
  );
  // A variable's write shares the tensor's data (reference-counted): disposing the tensor keeps it alive.
  weights.forEach((weight, k) => weight.write(values[k]!));
  tf.dispose(values);
}

serveWorkerRpc<ReplicaMethods>(() => ({
  ready: undefined,
  handlers: {
    async load(spec) {
      await initTrainingBackend(spec.backend);
      network?.dispose();
      network = build(spec);
      loss = network.training(1).loss;
      const { model } = network;
      return { step: stepWeights(model).map(specOf), fixed: fixedWeights(model).map(specOf) };
    },
    async gradients({ weights, fixed, shards }) {
      if (!network || !loss) {
        throw new Error('replica - no model loaded (was this worker restarted after a crash?)');
      }
      const { model } = network;
      if (fixed) writeWeights(fixedWeights(model), fixed);
      writeWeights(stepWeights(model), weights);
      const parts: Shard[] = shards.map((shard) => ({
        x: tf.tensor(shard.x, shard.shape, 'float32'),
        y: tf.tensor1d(shard.y, 'int32'),
        weight: shard.weight,
      }));
      try {
        const sums = shardGradients(model, loss, parts);
        const result = {
          loss: (await sums.loss.data())[0]!,
          correct: (await sums.correct.data())[0]!,
          gradients: await packTensors(sums.gradients),
          state: await packTensors(sums.state),
        };
        tf.dispose([sums.loss, sums.correct, ...sums.gradients, ...sums.state]);
        return withTransfer(result, [result.gradients.buffer, result.state.buffer]);
      } finally {
        tf.dispose(parts.flatMap((part) => [part.x, part.y]));
      }
    },
  },
}));
