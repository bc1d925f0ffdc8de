import * as tf from '@tensorflow/tfjs-core';
import { createOptimizer } from '../../optim/create-optimizer';
import { softmaxCrossEntropy } from '../../optim/loss';
import { trainableVariables } from '../model-variables';
import { buildPretrainedResNet34 } from './pretrained-resnet34';
import { PRETRAINED_INPUT_SIZE, type FreezePoint } from './resnet34-stages';

export interface FinetuneStepTimingOptions {
  /** Faces a step. */
  batch: number;
  /** Default: the model's own (`DEFAULT_FREEZE`, stage3). */
  freeze?: FreezePoint;
  /** Steps before the clock starts (the backend packs each convolution on first use). Default 1. */
  warmupSteps?: number;
  /** Timed steps. Default 3. */
  steps?: number;
}

export interface FinetuneStepTiming {
  msPerStep: number;
  imagesPerSecond: number;
  /** The first warm-up step alone (weights packed, kernels compiled), 0 without warm-up. */
  firstStepMs: number;
  parameters: number;
  trainableParameters: number;
  frozenParameters: number;
  /** The last step's loss (finite, or the step throws). */
  loss: number;
  /** Live tensors before and after the timed steps: equal unless a step leaks. */
  tensorsBefore: number;
  tensorsAfter: number;
}

const SEED = 7;
const CLASSES = 4;

/**
 * Times fine-tune steps of the bundled ResNet-34 as a run takes them (run/trainer-loop.ts: variableGrads of
 * the loss over the trainable variables, the finetune defaults' SGD with momentum at 1e-3, the loss read
 * back each step), on one seeded random batch made before the clock starts, on whatever backend is active
 * (call initTrainingBackend first). Builds and frees its own model.
 */
export async function timeFinetuneSteps(options: FinetuneStepTimingOptions): Promise<FinetuneStepTiming> {
  const { batch, warmupSteps = 1, steps = 3 } = options;
  const built = buildPretrainedResNet34({
    classes: CLASSES,
    seed: SEED,
    ...(options.freeze ? { freeze: options.freeze } : {}),
  });
  const { model } = built;
  const variables = trainableVariables(model);
  const optimizer = createOptimizer({ name: 'sgd', momentum: 0.9, nesterov: false, weightDecay: 5e-4 });
  const size = PRETRAINED_INPUT_SIZE;
  // 'dlib' normalisation puts pixels within about -0.5..0.5.
  const x = tf.randomUniform([batch, size, size, 3], -0.5, 0.5, 'float32', SEED);
  const y = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % CLASSES),
    'int32',
  );
  const step = async (): Promise<number> => {
    const { value, grads } = tf.variableGrads(
      () => softmaxCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, y, 0),
      variables,
    );
    optimizer.applyGradients(
      variables,
      variables.map((v) => grads[v.name]!),
      1e-3,
    );
    const loss = (await value.data())[0]!;
    tf.dispose([value, grads]);
    if (!Number.isFinite(loss)) throw new Error(`PretrainedResNet34 - the loss became ${loss}`);
    return loss;
  };
  try {
    let firstStepMs = 0;
    for (let i = 0; i < warmupSteps; i++) {
      const started = performance.now();
      await step();
      if (i === 0) firstStepMs = performance.now() - started;
    }
    const tensorsBefore = tf.memory().numTensors;
    let loss = Number.NaN;
    const started = performance.now();
    for (let i = 0; i < steps; i++) loss = await step();
    const ms = performance.now() - started;
    return {
      msPerStep: ms / steps,
      imagesPerSecond: (steps * batch * 1000) / ms,
      firstStepMs,
      parameters: built.parameters,
      trainableParameters: built.trainableParameters,
      frozenParameters: built.parameters - built.trainableParameters,
      loss,
      tensorsBefore,
      tensorsAfter: tf.memory().numTensors,
    };
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}
