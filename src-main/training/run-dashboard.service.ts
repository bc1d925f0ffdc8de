import fs from 'node:fs';
import path from 'node:path';
import type { RunRepository, RunRow } from '../catalog/run.repository';
import type { TrainingSetRepository } from '../catalog/training-set.repository';
import { UserError } from '../util/errors';
import { checkConfigFields, configChoices } from './config-preview';
import type { TrainConfig } from './config/train-config';
import type { DatasetPreview, RunCheckpoint, RunLogEntry, RunPreview } from './dashboard-views';
import { bucketWidth } from './metric-downsample';
import type { EvaluationReport } from './report-views';
import { runLog } from './run-log';
import type { RunMetric } from './run-views';
import { reportFile } from './run/evaluation-report';
import { prepareDataset } from './run/prepare-dataset';
import { runFolder } from './run/train.job';

export interface RunDashboardDeps {
  catalogDir: string;
  runs: RunRepository;
  trainingSet: TrainingSetRepository;
  /** The bundled embedder's model id (head runs train on its vectors). */
  embedder: () => number;
}

/** The dataset summary a config would train on, with every person's faces per split. */
function datasetPreview(config: TrainConfig, deps: RunDashboardDeps): DatasetPreview {
  const prepared = prepareDataset(config, deps.trainingSet, deps.embedder());
  const people = new Map<
    number,
    { personId: number; name: string; train: number; val: number; test: number }
  >();
  for (const split of ['train', 'val', 'test'] as const) {
    for (const face of prepared.faces[split]) {
      let person = people.get(face.personId);
      if (!person) {
        person = { personId: face.personId, name: face.personName, train: 0, val: 0, test: 0 };
        people.set(face.personId, person);
      }
      person[split]++;
    }
  }
  const summary = prepared.summary as Pick<DatasetPreview, 'excluded' | 'balance'>;
  const { faces } = prepared;
  return {
    classes: faces.classes.length,
    train: faces.train.length,
    val: faces.val.length,
    test: faces.test.length,
    stepsPerEpoch: Math.ceil(faces.train.length / config.batchSize),
    totalSteps: prepared.totalSteps,
    excluded: summary.excluded,
    balance: summary.balance,
    people: [...people.values()].sort(
      (a, b) => b.train + b.val + b.test - (a.train + a.val + a.test) || a.name.localeCompare(b.name),
    ),
  };
}

/**
 * What the training dashboard reads besides the runs themselves: a config checked field by field with the
 * dataset it would train on (before any run starts), metrics downsampled for long runs, a run's log and
 * checkpoints, and its evaluation report.
 */
export class RunDashboardService {
  constructor(private readonly deps: RunDashboardDeps) {}

  /** The new-run form's live check: refusals by field, else the full config and its dataset. */
  preview(input: unknown): RunPreview {
    const { config, errors } = checkConfigFields(input);
    if (!config) return { config: null, errors, dataset: null, datasetError: null, choices: configChoices };
    try {
      return {
        config: config as unknown as Record<string, unknown>,
        errors,
        dataset: datasetPreview(config, this.deps),
        datasetError: null,
        choices: configChoices,
      };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return {
        config: config as unknown as Record<string, unknown>,
        errors,
        dataset: null,
        datasetError: error.message,
        choices: configChoices,
      };
    }
  }

  /** A run's metrics after `afterStep`; with `maxPoints`, each series downsampled to about that many. */
  metrics(runId: number, afterStep = -1, maxPoints?: number): RunMetric[] {
    this.require(runId);
    const { runs } = this.deps;
    if (maxPoints === undefined) return runs.metrics(runId, afterStep);
    // Per series: one that fits is read whole; a longer one in power-of-two buckets (metric-downsample.ts).
    return runs
      .seriesExtents(runId, afterStep)
      .flatMap(({ split, name, first, last, count }) =>
        count <= maxPoints
          ? runs.series(runId, afterStep, split, name)
          : runs.seriesBuckets(runId, afterStep, split, name, bucketWidth(last - first + 1, maxPoints)),
      );
  }

  /** The run's checkpoints on disk, newest first, and its saved model once completed. */
  checkpoints(runId: number): RunCheckpoint[] {
    const row = this.require(runId);
    const folder = runFolder(this.deps.catalogDir, runId);
    const found: RunCheckpoint[] = [];
    const add = (relative: string, name: string): void => {
      const at = path.join(folder, relative);
      const stat = fs.statSync(at, { throwIfNoEntry: false });
      if (!stat) return;
      const step = /^step-(\d+)$/.exec(name);
      found.push({
        name,
        step: step ? Number(step[1]) : null,
        time: stat.mtime.toISOString(),
        bytes: folderBytes(at),
        latest: row.checkpoint === relative,
        best: row.bestCheckpoint === relative,
      });
    };
    const checkpoints = path.join(folder, 'checkpoints');
    const names = fs.existsSync(checkpoints) ? fs.readdirSync(checkpoints, { withFileTypes: true }) : [];
    for (const entry of names) if (entry.isDirectory()) add(`checkpoints/${entry.name}`, entry.name);
    if (row.status === 'completed') add('model', 'model');
    return found.sort((a, b) => b.time.localeCompare(a.time) || (b.step ?? -1) - (a.step ?? -1));
  }

  /** The run's story: created, started, each epoch's figures, checkpoints, the test, how it ended. */
  log(runId: number): RunLogEntry[] {
    const row = this.require(runId);
    return runLog(row, this.deps.runs.metrics(runId), this.checkpoints(runId));
  }

  /** The evaluation report written at the end of a completed run. */
  report(runId: number): EvaluationReport {
    const row = this.require(runId);
    const file = path.join(runFolder(this.deps.catalogDir, runId), reportFile);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new UserError(
        row.status === 'completed'
          ? `run ${runId} has no evaluation report (it had no test faces)`
          : `run ${runId} is ${row.status}: its evaluation report comes when it completes`,
        'not-found',
      );
    }
    const report = JSON.parse(text) as EvaluationReport | { error: string };
    if ('error' in report)
      throw new UserError(`the evaluation report of run ${runId} failed: ${report.error}`);
    return report;
  }

  private require(runId: number): RunRow {
    const row = this.deps.runs.get(runId);
    if (!row) throw new UserError(`no run ${runId}`, 'not-found');
    return row;
  }
}

/** Bytes of the files in a folder (a checkpoint's weights), not following links. */
function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}
