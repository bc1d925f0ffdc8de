import type { RunMetricRow, RunRow } from '../catalog/run.repository';
import type { RunCheckpoint, RunLogEntry } from './dashboard-views';

interface EpochFigures {
  epoch: number;
  step: number;
  lossSum: number;
  lossCount: number;
  valLoss: number | null;
  valAccuracy: number | null;
  seconds: number | null;
}

/** Each epoch's mean training loss and its end-of-epoch figures, from the per-step and per-epoch rows. */
function epochFigures(metrics: readonly RunMetricRow[]): EpochFigures[] {
  const epochs = new Map<number, EpochFigures>();
  for (const row of metrics) {
    if (row.split === 'test') continue;
    let figures = epochs.get(row.epoch);
    if (!figures) {
      figures = {
        epoch: row.epoch,
        step: row.step,
        lossSum: 0,
        lossCount: 0,
        valLoss: null,
        valAccuracy: null,
        seconds: null,
      };
      epochs.set(row.epoch, figures);
    }
    figures.step = Math.max(figures.step, row.step);
    if (row.split === 'train' && row.name === 'loss') {
      figures.lossSum += row.value;
      figures.lossCount++;
    } else if (row.split === 'val' && row.name === 'loss') figures.valLoss = row.value;
    else if (row.split === 'val' && row.name === 'accuracy') figures.valAccuracy = row.value;
    else if (row.name === 'epochSeconds') figures.seconds = row.value;
  }
  return [...epochs.values()];
}

/**
 * A run's log, derived from what the catalog already keeps (the run's row, its metrics, its checkpoint
 * folders), so nothing extra is written while training: created and started, one entry per epoch, each
 * checkpoint, the test figures and how it ended. An epoch in progress (no epochSeconds yet) is left out.
 */
export function runLog(
  row: RunRow,
  metrics: readonly RunMetricRow[],
  checkpoints: readonly RunCheckpoint[],
): RunLogEntry[] {
  const timed: Array<{ at: number; entry: RunLogEntry }> = [];
  if (row.created) timed.push({ at: -2, entry: { kind: 'created', time: row.created } });
  if (row.started) {
    timed.push({
      at: -1,
      entry: { kind: 'started', time: row.started, backend: row.backend, totalSteps: row.totalSteps },
    });
  }
  for (const figures of epochFigures(metrics)) {
    if (figures.seconds === null) continue;
    timed.push({
      at: figures.step + 0.5,
      entry: {
        kind: 'epoch',
        epoch: figures.epoch,
        step: figures.step,
        trainLoss: figures.lossCount > 0 ? figures.lossSum / figures.lossCount : null,
        valLoss: figures.valLoss,
        valAccuracy: figures.valAccuracy,
        seconds: figures.seconds,
      },
    });
  }
  for (const checkpoint of checkpoints) {
    if (checkpoint.name === 'model' || checkpoint.step === null) continue;
    timed.push({
      at: checkpoint.step - 0.25,
      entry: { kind: 'checkpoint', time: checkpoint.time, name: checkpoint.name, step: checkpoint.step },
    });
  }
  const test = metrics.filter((m) => m.split === 'test');
  if (test.length > 0) {
    const step = test[0]!.step;
    timed.push({
      at: step + 0.75,
      entry: { kind: 'test', step, metrics: Object.fromEntries(test.map((m) => [m.name, m.value])) },
    });
  }
  if (row.ended) {
    timed.push({
      at: Number.MAX_SAFE_INTEGER,
      entry: { kind: 'ended', time: row.ended, status: row.status, error: row.error },
    });
  }
  return timed.sort((a, b) => a.at - b.at).map(({ entry }) => entry);
}
