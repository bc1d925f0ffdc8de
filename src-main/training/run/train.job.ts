import path from 'node:path';
import type { ModelRepository } from '../../catalog/model.repository';
import type { RunRepository } from '../../catalog/run.repository';
import type { TrainingSetRepository } from '../../catalog/training-set.repository';
import type { JobRunContext } from '../../jobs/job-types';
import { ProgressMeter } from '../../jobs/progress';
import type { EventSink } from '../../platform/event-bus';
import { UserError } from '../../util/errors';
import { parseStoredTrainConfig, type TrainConfig } from '../config/train-config';
import type { RunMetricsEvent } from '../run-views';
import { prepareDataset, type PreparedDataset } from './prepare-dataset';
import type { TrainJobInput, TrainSummary } from './train-job-types';
import type { TrainerEvent, TrainerOutcome, TrainerRequest } from './trainer-messages';
import type { LoopMetric } from './trainer-loop';

/** The trainer as the job drives it (run/trainer-client.ts: a worker thread). */
export interface Trainer {
  /** Resolves with the backend it trains on once the worker is ready. */
  ready(): Promise<TrainerOutcome['backend']>;
  train(request: TrainerRequest, onEvent: (event: TrainerEvent) => void): Promise<TrainerOutcome>;
  /** Asks the run to checkpoint and end at the next step. */
  stop(): void;
  dispose(): Promise<void>;
}

export interface TrainJobContext {
  catalogDir: string;
  runs: RunRepository;
  trainingSet: TrainingSetRepository;
  models: ModelRepository;
  /** The bundled embedder's model id: head runs learn on its vectors. */
  embedder: number;
  events: EventSink<{ 'run.metrics': RunMetricsEvent }>;
  createTrainer(): Trainer;
}

/** Metrics go to the UI at most this often (each event carries everything logged since the last one). */
const metricsEventMs = 250;

/** The folder of a run's checkpoints and model, inside the catalog folder. */
export function runFolder(catalogDir: string, runId: number): string {
  return path.join(catalogDir, 'runs', String(runId));
}

/**
 * The `train` job: reads the run's config and the labeled faces, hands them to the trainer worker, and
 * keeps the catalog in step with it: metrics into run_metrics (and throttled `run.metrics` events), each
 * checkpoint's position, progress with images/s and ETA, and at the end the trained model in `models`. A
 * cancel is a stop (checkpoint, status `stopped`); a failure keeps its error and the last checkpoint.
 */
export async function runTrainJob(
  input: TrainJobInput,
  job: JobRunContext,
  ctx: TrainJobContext,
): Promise<TrainSummary> {
  const row = ctx.runs.get(input.runId);
  if (!row) throw new UserError(`no run ${input.runId}`, 'not-found');
  const runDir = runFolder(ctx.catalogDir, input.runId);
  // A run with a checkpoint continues from it (a resume, or an interrupted job run again); a fresh one has none.
  const resumeFrom = row.checkpoint ? path.join(runDir, row.checkpoint) : null;
  let config: TrainConfig;
  let dataset: PreparedDataset;
  try {
    config = parseStoredTrainConfig(JSON.parse(row.config));
    dataset = prepareDataset(config, ctx.trainingSet, ctx.embedder);
  } catch (error) {
    ctx.runs.markEnded(input.runId, 'failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
  // Steps after the checkpoint are replayed, and a fresh start replays everything: forget their metrics.
  ctx.runs.forgetMetricsAfter(input.runId, resumeFrom ? row.step - 1 : -1);
  const trainer = ctx.createTrainer();
  const onAbort = (): void => trainer.stop();
  job.signal.addEventListener('abort', onAbort);
  const meter = new ProgressMeter();
  let pending: LoopMetric[] = [];
  let lastEvent = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    ctx.events.emit('run.metrics', { runId: input.runId, metrics: pending });
    pending = [];
    lastEvent = performance.now();
  };
  const onEvent = (event: TrainerEvent): void => {
    if (event.type === 'metrics') {
      ctx.runs.appendMetrics(input.runId, event.metrics);
      pending.push(...event.metrics);
      if (performance.now() - lastEvent >= metricsEventMs) flush();
    } else if (event.type === 'checkpoint') {
      ctx.runs.savePosition(input.runId, { epoch: event.epoch, step: event.step, checkpoint: event.folder });
      if (event.best) ctx.runs.saveBest(input.runId, event.folder);
    } else {
      const progress = meter.sample(event.phase, event.step, event.totalSteps, `epoch ${event.epoch + 1}`);
      // Steps per second times the batch size: the figure people compare trainers by.
      job.reportProgress({
        ...progress,
        detail: `epoch ${event.epoch + 1}, ${event.examplesPerSecond.toFixed(1)} images/s`,
      });
    }
  };
  try {
    const backend = await trainer.ready();
    ctx.runs.markRunning(input.runId, backend, dataset.totalSteps, dataset.summary);
    if (job.signal.aborted) trainer.stop();
    const outcome = await trainer.train(
      { runId: input.runId, config, catalogDir: ctx.catalogDir, runDir, resumeFrom, ...dataset.faces },
      onEvent,
    );
    flush();
    if (outcome.status === 'stopped') {
      ctx.runs.markEnded(input.runId, 'stopped');
      return {
        runId: input.runId,
        status: 'stopped',
        backend,
        metrics: outcome.metrics,
        seconds: outcome.seconds,
        modelId: null,
      };
    }
    const modelId = ctx.models.register({
      name: `run-${input.runId}-${config.mode}`,
      role: outcome.role,
      origin: 'trained',
      path: path.relative(ctx.catalogDir, path.join(runDir, outcome.model as string)),
      metadata: {
        runId: input.runId,
        config,
        metrics: outcome.metrics,
        classes: dataset.faces.classes.length,
      },
    });
    ctx.runs.complete(input.runId, outcome.metrics, modelId);
    return {
      runId: input.runId,
      status: 'completed',
      backend,
      metrics: outcome.metrics,
      seconds: outcome.seconds,
      modelId,
    };
  } catch (error) {
    flush();
    ctx.runs.markEnded(input.runId, 'failed', error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    job.signal.removeEventListener('abort', onAbort);
    await trainer.dispose();
  }
}
