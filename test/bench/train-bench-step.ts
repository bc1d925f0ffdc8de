/**
 * The train bench's child process: builds the ResNet-18 of one {@link TrainJob} on its backend and times
 * training steps exactly as a run takes them (src-main/training/run/trainer-loop.ts: variableGrads of the
 * label-smoothed loss, SGD with momentum, the loss read back each step), on one seeded random batch made
 * before the clock starts. Writes {@link TrainFigures} to the result file the parent named.
 */
import fs from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { buildResNet } from '../../src-main/training/models/resnet';
import { trainableVariables } from '../../src-main/training/models/model-variables';
import { createOptimizer } from '../../src-main/training/optim/create-optimizer';
import { softmaxCrossEntropy } from '../../src-main/training/optim/loss';
import type { TrainOptimizer } from '../../src-main/training/optim/train-optimizer';
import { initTrainingBackend } from '../../src-main/training/training-backend';
import type { BackendName } from '../../src-main/vision/backend-names';
import { featureSize, measureDataParallelTraining } from './parallel-train-step';
import {
  timedSteps,
  trainJobVariable,
  trainResultVariable,
  type TrainFigures,
  type TrainJob,
} from './train-jobs';

const LABEL_SMOOTHING = 0.1;
const LEARNING_RATE = 0.01;
const SEED = 7;

/** One training step as the trainer loop takes it; returns the batch's loss. */
async function trainStep(
  model: LayersModel,
  optimizer: TrainOptimizer,
  variables: tf.Variable[],
  x: tf.Tensor,
  y: tf.Tensor1D,
): Promise<number> {
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(x, { training: true }) as tf.Tensor;
    return softmaxCrossEntropy(logits, y, LABEL_SMOOTHING);
  }, variables);
  optimizer.applyGradients(
    variables,
    variables.map((variable) => grads[variable.name] as tf.Tensor),
    LEARNING_RATE,
  );
  const loss = (await value.data())[0]!;
  tf.dispose([value, grads]);
  if (!Number.isFinite(loss)) throw new Error(`train bench - the loss became ${loss}`);
  return loss;
}

/** Runs the job in this process and returns its figures. */
export async function measureTrainJob(job: TrainJob): Promise<TrainFigures> {
  await initTrainingBackend(job.backend);
  const startRssMiB = process.memoryUsage().rss / 2 ** 20;
  const { width, inputSize } = job.config;
  const built = buildResNet({ architecture: 'resnet18', width, inputSize, classes: job.classes, seed: SEED });
  const { model } = built;
  const variables = trainableVariables(model);
  const optimizer = createOptimizer({ name: 'sgd', momentum: 0.9, nesterov: false, weightDecay: 5e-4 });
  const x = tf.randomNormal([job.batch, inputSize, inputSize, 3], 0, 1, 'float32', SEED);
  const labels = Array.from({ length: job.batch }, (_, i) => i % job.classes);
  const y = tf.tensor1d(labels, 'int32');

  let warmStepMs = 0;
  for (let i = 0; i < job.steps.warmup; i++) {
    const started = performance.now();
    await trainStep(model, optimizer, variables, x, y);
    warmStepMs = performance.now() - started;
  }
  const steps = timedSteps(job.steps, warmStepMs);
  const tensorsBefore = tf.memory().numTensors;
  let loss = Number.NaN;
  const started = performance.now();
  for (let i = 0; i < steps; i++) loss = await trainStep(model, optimizer, variables, x, y);
  const seconds = (performance.now() - started) / 1000;
  const tensorsAfter = tf.memory().numTensors;

  const figures: TrainFigures = {
    imagesPerSecond: (steps * job.batch) / seconds,
    msPerStep: (seconds * 1000) / steps,
    steps,
    parameters: built.parameters,
    trainableParameters: variables.reduce((sum, variable) => sum + variable.size, 0),
    featureSize: featureSize(model),
    startRssMiB,
    // maxRSS is in KiB.
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    tensorsBefore,
    tensorsAfter,
    loss,
  };
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return figures;
}

/**
 * A job of `workers` > 1: the run's own data-parallel step (src-main/training/parallel/), the trainer here
 * and `workers - 1` helper workers, each computing one ghost batch of `batch / workers` examples.
 */
async function measureParallelTrainJob(job: TrainJob): Promise<TrainFigures> {
  const startRssMiB = process.memoryUsage().rss / 2 ** 20;
  const figures = await measureDataParallelTraining({
    backend: job.backend as BackendName,
    workers: job.workers ?? 1,
    width: job.config.width,
    inputSize: job.config.inputSize,
    batch: job.batch,
    classes: job.classes,
    warmupSteps: job.steps.warmup,
    steps: job.steps.maxSteps,
    stepsFor: (warmStepMs) => timedSteps(job.steps, warmStepMs),
  });
  return { ...figures, startRssMiB, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

/** The child's entry: the job from the environment, the figures to the result file. */
export async function runTrainBenchChild(): Promise<void> {
  const job = JSON.parse(process.env[trainJobVariable] ?? 'null') as TrainJob | null;
  const resultFile = process.env[trainResultVariable];
  if (!job || !resultFile)
    throw new Error(`train bench - ${trainJobVariable} and ${trainResultVariable} unset`);
  const figures = (job.workers ?? 1) > 1 ? await measureParallelTrainJob(job) : await measureTrainJob(job);
  await fs.writeFile(resultFile, JSON.stringify(figures));
}
