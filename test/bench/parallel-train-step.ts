/**
 * Data-parallel training steps timed in this process (the trainer thread plus `workers - 1` helper
 * workers, src-main/training/parallel/), for the train bench's "1 vs 2 workers" rows: a ResNet-18 built by
 * the run's own code (run/network.ts), one seeded random batch made before the clock starts, the run's
 * loss and SGD with momentum, the loss read back each step, exactly as trainer-loop.ts steps.
 */
import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { parseTrainConfig } from '../../src-main/training/config/train-config';
import type { DatasetClass } from '../../src-main/training/dataset/split';
import { createGradientStep } from '../../src-main/training/parallel';
import { buildNetwork } from '../../src-main/training/run/network';
import { initTrainingBackend } from '../../src-main/training/training-backend';
import type { BackendName } from '../../src-main/vision/backend-names';

/** One data-parallel measurement. */
export interface DataParallelJob {
  /** 'wasm', 'cpu' or native (one libtensorflow thread per engine, as in a run). */
  backend: BackendName;
  /** Threads, and ghost batches per batch (1: the plain single-thread step). */
  workers: number;
  width: number;
  inputSize: number;
  batch: number;
  classes: number;
  warmupSteps: number;
  /** Timed steps; with `stepsFor`, the most it may choose. */
  steps: number;
  /** Chooses the timed steps (at most `steps`) from the last warm-up step's duration. */
  stepsFor?: (warmStepMs: number) => number;
}

/** What a measurement reports. */
export interface DataParallelFigures {
  imagesPerSecond: number;
  msPerStep: number;
  /**
   * CPU time of the whole process (every thread) per step: the work, whatever else the machine runs. Equal
   * for 1 and N workers means no overhead, so N free cores would run N times as many images a second.
   */
  cpuMsPerStep: number;
  /**
   * CPU time of the trainer's own thread per step (Linux: /proc/thread-self; NaN elsewhere). With the rest
   * of the process's time on the helpers, the larger of the two bounds the step on free cores.
   */
  trainerCpuMsPerStep: number;
  steps: number;
  workers: number;
  shards: number;
  /** Weights with batch norm's moving statistics, the trainable ones, the last stage's height. */
  parameters: number;
  trainableParameters: number;
  featureSize: number;
  /** Floats sent to each helper per step (every weight) and back (gradients and moving statistics). */
  floatsPerHelperStep: number;
  /** Live tensors after the warm-up and after the timed steps: equal, or a step leaks. */
  tensorsBefore: number;
  tensorsAfter: number;
  loss: number;
}

/** CPU milliseconds this thread has run (utime + stime of /proc/thread-self/stat), NaN off Linux. */
function threadCpuMs(): number {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks at USER_HZ 100
  } catch {
    return Number.NaN;
  }
}

/** The last stage's spatial size: the pooling layer's input is [batch, size, size, channels]. */
export function featureSize(model: LayersModel): number {
  const [, size] = (model.getLayer('pool').input as SymbolicTensor).shape;
  return size ?? Number.NaN;
}

const LEARNING_RATE = 0.01;
const SEED = 7;

/**
 * Times `job.steps` data-parallel training steps after `job.warmupSteps` (the helpers' first steps
 * compile and allocate). Worker start-up is outside the clock, as it is once per run.
 */
export async function measureDataParallelTraining(job: DataParallelJob): Promise<DataParallelFigures> {
  const { backend } = await initTrainingBackend(job.backend);
  const config = parseTrainConfig({
    mode: 'scratch',
    width: job.width,
    inputSize: job.inputSize,
    batchSize: job.batch,
    workers: job.workers,
    seed: SEED,
  });
  const classes: DatasetClass[] = Array.from({ length: job.classes }, (_, index) => ({
    personId: index + 1,
    name: `person ${index + 1}`,
    index,
  }));
  const exampleShape = [job.inputSize, job.inputSize, 3];
  const request = { runId: 0, config, catalogDir: '', runDir: '', classes, train: [], val: [], test: [] };
  const network = buildNetwork(config, { ...request, resumeFrom: null }, exampleShape);
  const training = network.training(job.warmupSteps + job.steps);
  const step = await createGradientStep({
    model: network.model,
    loss: training.loss,
    network: { config, classes, exampleShape },
    shards: job.workers,
    replicas: job.workers,
    backend,
  });
  const variables = network.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const x = tf.randomNormal([job.batch, ...exampleShape], 0, 1, 'float32', SEED);
  const y = tf.tensor1d(
    Array.from({ length: job.batch }, (_, i) => i % job.classes),
    'int32',
  );
  const batch = { x, y, size: job.batch };
  const one = async (): Promise<number> => {
    const { loss, gradients } = await step.computeGradients(batch);
    training.optimizer.applyGradients(variables, gradients, LEARNING_RATE);
    tf.dispose(gradients);
    if (!Number.isFinite(loss)) throw new Error(`data-parallel bench - the loss became ${loss}`);
    return loss;
  };
  try {
    let warmStepMs = 0;
    for (let i = 0; i < job.warmupSteps; i++) {
      const warmStarted = performance.now();
      await one();
      warmStepMs = performance.now() - warmStarted;
    }
    const steps = Math.min(job.steps, job.stepsFor?.(warmStepMs) ?? job.steps);
    const tensorsBefore = tf.memory().numTensors;
    let loss = Number.NaN;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const threadStarted = threadCpuMs();
    for (let i = 0; i < steps; i++) loss = await one();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    const trainerCpuMs = threadCpuMs() - threadStarted;
    return {
      imagesPerSecond: (steps * job.batch) / seconds,
      msPerStep: (seconds * 1000) / steps,
      cpuMsPerStep: (cpu.user + cpu.system) / 1000 / steps,
      trainerCpuMsPerStep: trainerCpuMs / steps,
      steps,
      workers: step.replicas,
      shards: step.shards,
      parameters: network.model.countParams(),
      trainableParameters: variables.reduce((sum, variable) => sum + variable.size, 0),
      featureSize: featureSize(network.model),
      floatsPerHelperStep: network.model.weights.reduce((sum, weight) => sum + weight.read().size, 0),
      tensorsBefore,
      tensorsAfter: tf.memory().numTensors,
      loss,
    };
  } finally {
    await step.dispose();
    tf.dispose([x, y]);
    network.dispose();
  }
}
