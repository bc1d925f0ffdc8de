import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { localGradientStep, type GradientStep } from '../parallel/gradient-step';
import type { CheckpointState, EarlyStoppingState, NamedTensor, TrainPosition } from './checkpoint';
import { mirroredOutput } from './test-time-mirror';

/** A batch as the loop consumes it: inputs (images or embeddings) and class indices. */
export interface LoopBatch {
  x: tf.Tensor;
  y: tf.Tensor1D;
  /** How many examples (the last batch of an epoch may be short). */
  size: number;
}

/** The optimizer as the loop drives it: the learning rate is set every step, its state checkpoints. */
export interface LoopOptimizer {
  applyGradients(variables: tf.Variable[], gradients: tf.Tensor[], learningRate: number): void;
  getState(): NamedTensor[];
  setState(state: NamedTensor[]): void;
}

/** Everything a run trains with, built by the worker from the run's config and dataset. */
export interface LoopSetup {
  model: LayersModel;
  optimizer: LoopOptimizer;
  epochs: number;
  stepsPerEpoch: number;
  learningRateAt: (step: number) => number;
  /** Mean loss of a batch's logits (label smoothing included). */
  loss: (logits: tf.Tensor, labels: tf.Tensor1D) => tf.Scalar;
  /** The epoch's batches from `startBatch` on, in the epoch's seeded order, augmented. */
  trainBatches(epoch: number, startBatch: number): AsyncIterable<LoopBatch>;
  /** The validation batches, or null without a validation split. */
  validationBatches(): AsyncIterable<LoopBatch> | null;
  earlyStopping: { patience: number; metric: 'valLoss' | 'valAccuracy' } | null;
  /**
   * Where each step's gradients come from (parallel/: ghost batches, data-parallel workers); default the
   * plain step, the whole batch in this thread.
   */
  gradientStep?: GradientStep;
}

/** One metric value, as stored in run_metrics. */
export interface LoopMetric {
  epoch: number;
  step: number;
  split: 'train' | 'val' | 'test';
  name: string;
  value: number;
}

export interface LoopHooks {
  metrics(rows: LoopMetric[]): void;
  /** After every step: steps done, examples per second over the epoch so far. */
  progress(step: number, examplesPerSecond: number): void;
  /** Writes a checkpoint at this state (the loop's weights and optimizer are read by the callee). */
  checkpoint(state: CheckpointState, reason: 'epoch' | 'stop'): Promise<void>;
  /** Called between steps: true asks the loop to checkpoint and return. */
  shouldStop(): boolean;
}

export interface LoopResult {
  status: 'completed' | 'stopped';
  /** Why it ended early, when early stopping ended it. */
  earlyStopped: boolean;
  position: TrainPosition;
  seconds: number;
}

const freshEarlyStopping: EarlyStoppingState = { best: null, bestEpoch: -1, badEpochs: 0 };

/**
 * Mean loss and accuracy of a model over batches, in inference mode (batch norm uses its moving stats);
 * with `mirror`, of each face's logits averaged with its mirror image's (the final test, not validation).
 */
export async function evaluateBatches(
  model: LayersModel,
  batches: AsyncIterable<LoopBatch>,
  loss: LoopSetup['loss'],
  options: { mirror?: boolean } = {},
): Promise<{ loss: number; accuracy: number; examples: number }> {
  let lossSum = 0;
  let correct = 0;
  let examples = 0;
  for await (const batch of batches) {
    const [batchLoss, batchCorrect] = tf.tidy((): [tf.Tensor, tf.Tensor] => {
      const logits = options.mirror
        ? mirroredOutput(model, batch.x)
        : (model.apply(batch.x, { training: false }) as tf.Tensor);
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), batch.y), 'float32'));
      return [tf.mul(loss(logits, batch.y), batch.size), hits];
    });
    lossSum += (await batchLoss.data())[0]!;
    correct += (await batchCorrect.data())[0]!;
    tf.dispose([batchLoss, batchCorrect, batch.x, batch.y]);
    examples += batch.size;
  }
  return examples === 0
    ? { loss: Number.NaN, accuracy: Number.NaN, examples }
    : { loss: lossSum / examples, accuracy: correct / examples, examples };
}

/** Whether a validation result is better than the best so far for the metric early stopping watches. */
function improves(metric: 'valLoss' | 'valAccuracy', value: number, best: number | null): boolean {
  if (best === null) return true;
  return metric === 'valLoss' ? value < best : value > best;
}

/**
 * The training loop: from `start` (step 0, or a checkpoint's position) through every epoch, one optimizer
 * step per batch, validation and a checkpoint at each epoch's end, and a checkpoint at a stop. Each step's
 * batch, augmentation and learning rate derive from the seed and the step alone, so a resumed run takes the
 * same steps as one never stopped.
 */
export async function trainLoop(
  setup: LoopSetup,
  hooks: LoopHooks,
  start: CheckpointState | null,
): Promise<LoopResult> {
  const { model, optimizer } = setup;
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const gradientStep = setup.gradientStep ?? localGradientStep(model, setup.loss);
  let position: TrainPosition = start?.position ?? { epoch: 0, batch: 0, step: 0 };
  let earlyStopping: EarlyStoppingState = start?.earlyStopping ?? freshEarlyStopping;
  const startedAt = performance.now();
  const previousSeconds = start?.seconds ?? 0;
  const seconds = (): number => previousSeconds + (performance.now() - startedAt) / 1000;
  const state = (): CheckpointState => ({ position, earlyStopping, seconds: seconds() });

  for (let epoch = position.epoch; epoch < setup.epochs; epoch++) {
    const epochStart = performance.now();
    let examples = 0;
    for await (const batch of setup.trainBatches(epoch, position.batch)) {
      if (batch.size === 0) {
        // Every crop of this batch failed to load (they are reported): the step is skipped, not lost count of.
        tf.dispose([batch.x, batch.y]);
        position = { epoch, batch: position.batch + 1, step: position.step + 1 };
        continue;
      }
      const learningRate = setup.learningRateAt(position.step);
      const { loss, correct, gradients } = await gradientStep.computeGradients(batch);
      optimizer.applyGradients(variables, gradients, learningRate);
      tf.dispose([...gradients, batch.x, batch.y]);
      if (!Number.isFinite(loss)) {
        throw new Error(
          `the loss became ${loss} at step ${position.step + 1} (learning rate ${learningRate}): ` +
            'try a lower learning rate',
        );
      }
      examples += batch.size;
      const step = position.step;
      position = { epoch, batch: position.batch + 1, step: step + 1 };
      hooks.metrics([
        { epoch, step, split: 'train', name: 'loss', value: loss },
        // In training mode (dropout, ghost batch statistics, augmented faces), as Keras logs it.
        { epoch, step, split: 'train', name: 'accuracy', value: correct / batch.size },
        { epoch, step, split: 'train', name: 'learningRate', value: learningRate },
      ]);
      hooks.progress(position.step, (examples * 1000) / (performance.now() - epochStart));
      if (hooks.shouldStop()) {
        await hooks.checkpoint(state(), 'stop');
        return { status: 'stopped', earlyStopped: false, position, seconds: seconds() };
      }
    }
    position = { epoch: epoch + 1, batch: 0, step: position.step };
    const rows: LoopMetric[] = [];
    // Logged at the epoch's last step: a resume from this epoch's checkpoint keeps them.
    const at = { epoch, step: position.step - 1 };
    const validation = setup.validationBatches();
    let stopEarly = false;
    if (validation) {
      const result = await evaluateBatches(model, validation, setup.loss);
      rows.push({ ...at, split: 'val', name: 'loss', value: result.loss });
      rows.push({ ...at, split: 'val', name: 'accuracy', value: result.accuracy });
      const watch = setup.earlyStopping;
      if (watch) {
        const value = watch.metric === 'valLoss' ? result.loss : result.accuracy;
        earlyStopping = improves(watch.metric, value, earlyStopping.best)
          ? { best: value, bestEpoch: epoch, badEpochs: 0 }
          : { ...earlyStopping, badEpochs: earlyStopping.badEpochs + 1 };
        stopEarly = earlyStopping.badEpochs >= watch.patience;
      }
    }
    rows.push({
      ...at,
      split: 'train',
      name: 'epochSeconds',
      value: (performance.now() - epochStart) / 1000,
    });
    // Live tensors after each epoch: flat across epochs, or something leaks.
    rows.push({ ...at, split: 'train', name: 'tensors', value: tf.memory().numTensors });
    hooks.metrics(rows);
    await hooks.checkpoint(state(), 'epoch');
    if (stopEarly) return { status: 'completed', earlyStopped: true, position, seconds: seconds() };
    if (hooks.shouldStop()) return { status: 'stopped', earlyStopped: false, position, seconds: seconds() };
  }
  return { status: 'completed', earlyStopped: false, position, seconds: seconds() };
}
