import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../../util/errors';
import type { BackendName } from '../../vision/backend-names';
import { writeEvaluationReport } from './evaluation-report';
import { createGradientStep } from '../parallel/create-gradient-step';
import { shardsFor } from '../parallel/worker-count';
import { buildNetwork, type Network } from './network';
import { readCheckpoint, writeCheckpoint, type CheckpointState } from './checkpoint';
import { modelWeights, restoreModelWeights } from './model-state';
import { saveLayersModel } from './save-model';
import { evaluateBatches, trainLoop, type LoopHooks, type LoopResult, type LoopSetup } from './trainer-loop';
import type { TrainerEvent, TrainerOutcome, TrainerRequest } from './trainer-messages';
import { trainingData, type TrainingData } from './training-data';
import { testEmbeddings } from './test-time-mirror';
import { verificationReport } from './verification-report';

/** Progress messages to the main thread at most this often (metrics go with every step). */
const progressEveryMs = 200;
/** Checkpoints kept besides `best`: the newest two, so a crash while writing one leaves the other. */
const checkpointsKept = 2;

async function pruneCheckpoints(folder: string): Promise<void> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const steps = names.filter((name) => /^step-\d+$/.test(name)).sort((a, b) => stepOf(b) - stepOf(a));
  for (const name of steps.slice(checkpointsKept)) {
    await fs.rm(path.join(folder, name), { recursive: true, force: true });
  }
}

function stepOf(name: string): number {
  return Number(name.slice('step-'.length));
}

/** The final evaluation: test accuracy on held-out images, or verification on held-out identities. */
async function finalMetrics(
  network: Network,
  data: TrainingData,
  request: TrainerRequest,
  setup: LoopSetup,
): Promise<Record<string, number>> {
  if (request.test.length === 0) return {};
  if (request.config.split.by === 'identity') {
    const personOf = new Map(request.test.map((face) => [face.faceId, face.personId]));
    const heldOut = (await testEmbeddings(network.embedder(), data, request)).map(({ faceId, vector }) => ({
      identity: personOf.get(faceId) as number,
      vector,
    }));
    const report = verificationReport(heldOut, request.config.seed);
    if (!report) return {};
    return {
      auc: report.auc,
      eer: report.eer,
      tarAtFar1e2: report.tarAtFar1e2,
      tarAtFar1e3: report.tarAtFar1e3,
      samePairs: report.samePairs,
      differentPairs: report.differentPairs,
    };
  }
  const batches = data.batches(request.test, { epoch: 0, startBatch: 0, training: false });
  // Each face with its mirror image, as the report (evaluation-report.ts) and face recognition evaluate.
  const test = await evaluateBatches(network.model, batches, setup.loss, { mirror: true });
  return { testAccuracy: test.accuracy, testLoss: test.loss, testFaces: test.examples };
}

/**
 * A whole run inside the trainer worker: builds the network and its batches from the request, continues
 * from a checkpoint when asked, trains (checkpoints each epoch and at a stop, metrics and progress pushed
 * as events), then, when it completed, restores the best weights when early stopping chose them, evaluates
 * on the held-out split and saves the model.
 */
export async function runTrainer(
  request: TrainerRequest,
  backend: BackendName,
  signal: AbortSignal,
  emit: (event: TrainerEvent) => void,
): Promise<TrainerOutcome> {
  const { config } = request;
  if (config.mode === 'head' && config.split.by === 'identity') {
    throw new UserError('a head is a classifier of the training people: split it by image, not by identity');
  }
  const embeddingLength = request.train[0]?.embedding?.length ?? 0;
  const data = trainingData(config, request.classes, request.catalogDir, embeddingLength);
  const network = buildNetwork(config, request, data.exampleShape);
  const stepsPerEpoch = Math.ceil(request.train.length / config.batchSize);
  const totalSteps = stepsPerEpoch * config.epochs;
  const setup: LoopSetup = {
    ...network.training(stepsPerEpoch),
    epochs: config.epochs,
    stepsPerEpoch,
    trainBatches: (epoch, startBatch) => data.batches(request.train, { epoch, startBatch, training: true }),
    validationBatches: () =>
      request.val.length === 0
        ? null
        : data.batches(request.val, { epoch: 0, startBatch: 0, training: false }),
    earlyStopping: request.val.length > 0 ? config.earlyStopping : null,
  };
  const checkpoints = path.join(request.runDir, 'checkpoints');
  let start: CheckpointState | null = null;
  if (request.resumeFrom) {
    const saved = await readCheckpoint(request.resumeFrom);
    restoreModelWeights(network.model, saved.weights);
    setup.optimizer.setState(saved.optimizer);
    tf.dispose([...saved.weights, ...saved.optimizer].map((entry) => entry.tensor));
    start = saved.state;
  }
  // Ghost batches decide the losses (parallel/README.md): a resume keeps its checkpoint's count.
  const shards = start
    ? (start.shards ?? 1)
    : shardsFor({ workers: config.workers, batchSize: config.batchSize, mode: config.mode });
  const exampleShape = data.exampleShape;
  const gradientStep = await createGradientStep({
    model: network.model,
    loss: setup.loss,
    network: { config, classes: request.classes, exampleShape },
    shards,
    backend,
  });
  setup.gradientStep = gradientStep;
  let lastProgress = 0;
  const hooks: LoopHooks = {
    metrics: (metrics) => emit({ type: 'metrics', metrics }),
    progress(step, examplesPerSecond) {
      if (performance.now() - lastProgress < progressEveryMs && step < totalSteps) return;
      lastProgress = performance.now();
      const epoch = Math.min(config.epochs - 1, Math.floor((step - 1) / stepsPerEpoch));
      emit({ type: 'progress', phase: 'training', step, totalSteps, epoch, examplesPerSecond });
    },
    async checkpoint(loopState) {
      const state = { ...loopState, shards };
      const folder = `step-${state.position.step}`;
      const weights = modelWeights(network.model);
      // The weights are the model's own variables; the optimizer's state comes as copies, freed here.
      const optimizer = setup.optimizer.getState();
      const best = state.earlyStopping.bestEpoch === state.position.epoch - 1 && state.position.batch === 0;
      try {
        await writeCheckpoint(path.join(checkpoints, folder), state, weights, optimizer);
        if (best && setup.earlyStopping) {
          await writeCheckpoint(path.join(checkpoints, 'best'), state, weights, optimizer);
        }
      } finally {
        tf.dispose(optimizer.map((entry) => entry.tensor));
      }
      emit({
        type: 'checkpoint',
        epoch: state.position.epoch,
        step: state.position.step,
        folder: `checkpoints/${folder}`,
        best,
      });
      await pruneCheckpoints(checkpoints);
    },
    shouldStop: () => signal.aborted,
  };
  let result: LoopResult;
  try {
    result = await trainLoop(setup, hooks, start);
  } finally {
    // Helper workers end with the loop: evaluation and saving run in this thread alone.
    await gradientStep.dispose();
  }
  const skipped = data.skipped().length;
  const outcome = { backend, seconds: result.seconds, role: network.role } as const;
  if (result.status === 'stopped') {
    return { ...outcome, status: 'stopped', metrics: {}, model: null };
  }
  emit({
    type: 'progress',
    phase: 'evaluating',
    step: totalSteps,
    totalSteps,
    epoch: config.epochs - 1,
    examplesPerSecond: 0,
  });
  if (setup.earlyStopping && (await exists(path.join(checkpoints, 'best')))) {
    const best = await readCheckpoint(path.join(checkpoints, 'best'));
    restoreModelWeights(network.model, best.weights);
    tf.dispose([...best.weights, ...best.optimizer].map((w) => w.tensor));
  }
  const metrics: Record<string, number> = {
    ...(await finalMetrics(network, data, request, setup)),
    epochs: result.position.epoch,
    steps: result.position.step,
    parameters: network.parameters,
    skippedFaces: skipped,
    workers: gradientStep.replicas,
    ghostBatches: shards,
    ...(result.earlyStopped ? { earlyStopped: 1 } : {}),
  };
  // The report page's data (confusions, ROC, mistakes): written beside the model, never fails the run.
  await writeEvaluationReport(network, data, request);
  emit({
    type: 'metrics',
    metrics: Object.entries(metrics).map(([name, value]) => ({
      epoch: result.position.epoch - 1,
      step: result.position.step - 1,
      split: 'test' as const,
      name,
      value,
    })),
  });
  emit({
    type: 'progress',
    phase: 'saving',
    step: totalSteps,
    totalSteps,
    epoch: config.epochs - 1,
    examplesPerSecond: 0,
  });
  await saveLayersModel(network.model, path.join(request.runDir, 'model'), {
    runId: request.runId,
    config,
    classes: request.classes,
    embeddingLayer: network.embeddingLayer,
    metrics,
    backend,
  });
  network.dispose();
  return { ...outcome, status: 'completed', metrics, model: 'model' };
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}
