import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrainConfig, type TrainConfig } from '../../../src-main/training/config/train-config';
import type { DatasetClass } from '../../../src-main/training/dataset/split';
import {
  localGradientStep,
  parallelGradientStep,
  type GradientStep,
} from '../../../src-main/training/parallel';
import type { GradientBatch } from '../../../src-main/training/parallel/ghost-shards';
import { buildNetwork, type Network } from '../../../src-main/training/run/network';
import type { TrainerRequest } from '../../../src-main/training/run/trainer-messages';
import { initTrainingBackend } from '../../../src-main/training/training-backend';
import { seededRandom } from '../../../src-main/util/seeded-random';
import type { BackendName } from '../../../src-main/vision/backend-names';
import { relativeError } from '../../support/relative-error';

// Data-parallel training on 2 workers (this thread and one helper) against the single-worker reference:
// the same 2 ghost batches computed one after another. A ResNet-18 at width 0.125 on 32x32 images (the
// builder's test size), batch 8, 3 SGD steps. Both sides run the same kernels on the same shards; what
// may differ is float summation order, far below the 1e-4 bound, where a wrong shard, weight or
// weighting of the sums gives differences of order 1e-2 and more.
const TOLERANCE = 1e-4;
const SIZE = 32;
const BATCH = 8;
const STEPS = 3;
const classes: DatasetClass[] = ['Ada', 'Bo', 'Cy'].map((name, index) => ({
  personId: index + 1,
  name,
  index,
}));

let backend: BackendName;
let config: TrainConfig;
const networks: Network[] = [];

function network(): Network {
  const request: TrainerRequest = {
    runId: 1,
    config,
    catalogDir: '',
    runDir: '',
    classes,
    train: [],
    val: [],
    test: [],
    resumeFrom: null,
  };
  const built = buildNetwork(config, request, [SIZE, SIZE, 3]);
  networks.push(built);
  return built;
}

function batch(step: number): GradientBatch {
  const random = seededRandom(100 + step);
  const x = Float32Array.from({ length: BATCH * SIZE * SIZE * 3 }, () => random() * 2 - 1);
  const y = Int32Array.from({ length: BATCH }, (_, i) => (i + step) % classes.length);
  return { x: tf.tensor4d(x, [BATCH, SIZE, SIZE, 3]), y: tf.tensor1d(y, 'int32'), size: BATCH };
}

/** Weights of a model as a checkpoint restore would write them: seeded, unlike any the replicas built. */
function restoreSeeded(target: Network): void {
  const random = seededRandom(5);
  for (const weight of target.model.weights) {
    const values = Float32Array.from({ length: tf.util.sizeFromShape(weight.shape as number[]) }, () =>
      weight.originalName.endsWith('moving_variance') ? 0.5 + random() : (random() - 0.5) * 0.2,
    );
    const tensor = tf.tensor(values, weight.shape as number[]);
    weight.write(tensor);
    tensor.dispose();
  }
}

interface Trained {
  losses: number[];
  /** Faces each step's forward pass put in their own class. */
  correct: number[];
  weights: Float32Array[];
}

/** Trains `STEPS` steps of `step` on `net` with the run's optimizer, recording the losses and weights. */
async function train(net: Network, step: GradientStep): Promise<Trained> {
  const training = net.training(STEPS);
  const variables = net.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const losses: number[] = [];
  const correct: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const data = batch(s);
    const { loss, correct: hits, gradients } = await step.computeGradients(data);
    correct.push(hits);
    training.optimizer.applyGradients(variables, gradients, 0.05);
    tf.dispose([...gradients, data.x, data.y]);
    losses.push(loss);
  }
  return {
    losses,
    correct,
    weights: net.model.weights.map((weight) => weight.read().dataSync() as Float32Array),
  };
}

beforeAll(async () => {
  backend = (await initTrainingBackend()).backend;
  config = {
    ...parseTrainConfig({ mode: 'scratch', batchSize: BATCH, seed: 3, workers: 2, loss: 'softmax' }),
    width: 0.125,
    inputSize: SIZE,
  };
});

afterAll(() => {
  for (const built of networks) built.dispose();
});

describe('data-parallel training (ghost batch norm)', () => {
  it('gives the single-worker losses and weights over 3 steps', async () => {
    const reference = network();
    const parallel = network();
    const step = await parallelGradientStep({
      model: parallel.model,
      loss: parallel.training(STEPS).loss,
      network: { config, classes, exampleShape: [SIZE, SIZE, 3] },
      shards: 2,
      replicas: 2,
      backend,
    });
    // After the replicas were built: only the broadcast of each step can give them these weights.
    restoreSeeded(reference);
    restoreSeeded(parallel);
    const before = reference.model.weights.map((weight) => weight.read().dataSync().slice() as Float32Array);
    try {
      const expected = await train(
        reference,
        localGradientStep(reference.model, reference.training(STEPS).loss, 2),
      );
      const actual = await train(parallel, step);
      expect(actual.losses).toHaveLength(STEPS);
      // Training accuracy is counted over every shard, wherever it was computed.
      expect(actual.correct).toEqual(expected.correct);
      expected.correct.forEach((hits) => expect(hits).toBeGreaterThanOrEqual(0));
      expected.correct.forEach((hits) => expect(hits).toBeLessThanOrEqual(BATCH));
      actual.losses.forEach((loss, s) =>
        expect(Math.abs(loss - expected.losses[s]!) / expected.losses[s]!, `step ${s}`).toBeLessThan(
          TOLERANCE,
        ),
      );
      // The steps moved every kind of weight (moving statistics included), so equal weights mean something.
      expect(Math.max(...expected.weights.map((w, k) => relativeError(w, before[k]!)))).toBeGreaterThan(1e-2);
      actual.weights.forEach((weights, k) =>
        expect(
          relativeError(weights, expected.weights[k]!),
          parallel.model.weights[k]!.originalName,
        ).toBeLessThan(TOLERANCE),
      );
    } finally {
      await step.dispose();
    }
  }, 120_000);

  it('fails the step with an error naming the replica when one dies', async () => {
    const leader = network();
    const step = await parallelGradientStep({
      model: leader.model,
      loss: leader.training(1).loss,
      network: { config, classes, exampleShape: [SIZE, SIZE, 3] },
      shards: 2,
      replicas: 2,
      backend,
      replicaUrl: new URL('./fixtures/dying-replica.worker.ts', import.meta.url),
    });
    const data = batch(0);
    const tensors = tf.memory().numTensors;
    try {
      await expect(step.computeGradients(data)).rejects.toThrow(
        /data-parallel training - replica 2 of 2: worker crashed: exited with code 3/,
      );
      // The trainer's own half was freed with the failure.
      expect(tf.memory().numTensors).toBe(tensors);
    } finally {
      tf.dispose([data.x, data.y]);
      await step.dispose();
    }
  }, 60_000);
});
