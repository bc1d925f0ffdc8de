import type { Db } from './db';

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'stopped';

export interface RunRow {
  id: number;
  config: string;
  status: RunStatus;
  created: string | null;
  started: string | null;
  ended: string | null;
  backend: string | null;
  epoch: number;
  step: number;
  totalSteps: number | null;
  checkpoint: string | null;
  bestCheckpoint: string | null;
  metrics: string | null;
  dataset: string | null;
  modelId: number | null;
  error: string | null;
}

/** One metric value at one step: `split` is train, val or test. */
export interface RunMetricRow {
  epoch: number;
  step: number;
  split: string;
  name: string;
  value: number;
}

/** A metric series' extent: its first and last step and how many rows it has. */
export interface MetricSeriesExtent {
  split: string;
  name: string;
  first: number;
  last: number;
  count: number;
}

/** A bucket of a downsampled series: its last row, with the bucket's min and max. */
export interface MetricBucketRow extends RunMetricRow {
  min: number;
  max: number;
}

/** Where a run stands after a checkpoint: the next step to run is `step`. */
export interface RunPosition {
  epoch: number;
  step: number;
  checkpoint: string;
}

const columns = `id, config, status, created, started, ended, backend, epoch, step, total_steps AS totalSteps,
  checkpoint, best_checkpoint AS bestCheckpoint, metrics, dataset, model_id AS modelId, error`;

/** Training runs and their metrics (the trainer's record; checkpoints live in the catalog folder). */
export class RunRepository {
  private readonly statements;
  private readonly appendTransaction;

  constructor(db: Db) {
    const now = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
    this.statements = {
      create: db.prepare(`INSERT INTO runs (config, status, created) VALUES (?, 'queued', ${now})`),
      get: db.prepare(`SELECT ${columns} FROM runs WHERE id = ?`),
      list: db.prepare(`SELECT ${columns} FROM runs ORDER BY id`),
      start: db.prepare(
        `UPDATE runs SET status = 'running', started = COALESCE(started, ${now}), ended = NULL, error = NULL,
         backend = ?, total_steps = ?, dataset = ? WHERE id = ?`,
      ),
      setStatus: db.prepare(`UPDATE runs SET status = ?, error = ?, ended = ${now} WHERE id = ?`),
      queue: db.prepare(`UPDATE runs SET status = 'queued', error = NULL, ended = NULL WHERE id = ?`),
      position: db.prepare(`UPDATE runs SET epoch = ?, step = ?, checkpoint = ? WHERE id = ?`),
      best: db.prepare(`UPDATE runs SET best_checkpoint = ? WHERE id = ?`),
      complete: db.prepare(
        `UPDATE runs SET status = 'completed', metrics = ?, model_id = ?, ended = ${now} WHERE id = ?`,
      ),
      forgetAfter: db.prepare(`DELETE FROM run_metrics WHERE run_id = ? AND step > ?`),
      metric: db.prepare(
        `INSERT INTO run_metrics (run_id, epoch, step, split, name, value) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      metrics: db.prepare(
        `SELECT epoch, step, split, name, value FROM run_metrics WHERE run_id = ? AND step > ?
         ORDER BY step, rowid`,
      ),
      seriesExtents: db.prepare(
        `SELECT split, name, MIN(step) AS first, MAX(step) AS last, COUNT(*) AS count FROM run_metrics
         WHERE run_id = ? AND step > ? GROUP BY split, name`,
      ),
      series: db.prepare(
        `SELECT epoch, step, split, name, value FROM run_metrics
         WHERE run_id = @run AND step > @after AND split = @split AND name = @name ORDER BY step, rowid`,
      ),
      // Each bucket's last row (epoch, step, value) with the bucket's min and max. CROSS JOIN keeps the
      // buckets outside and looks each last row up by the (run_id, step) index; left to itself the planner
      // scans the buckets once per metric row.
      buckets: db.prepare(
        `WITH bucket AS MATERIALIZED (
           SELECT MAX(step) AS step, MIN(value) AS min, MAX(value) AS max FROM run_metrics
           WHERE run_id = @run AND step > @after AND split = @split AND name = @name
           GROUP BY CAST(step / @width AS INTEGER))
         SELECT m.epoch, m.step, m.split, m.name, m.value, bucket.min, bucket.max FROM bucket
         CROSS JOIN run_metrics m ON m.run_id = @run AND m.split = @split AND m.name = @name AND m.step = bucket.step
         ORDER BY m.step`,
      ),
      stopOrphans: db.prepare(
        `UPDATE runs SET status = 'stopped', error = 'the process training it ended', ended = ${now}
         WHERE status IN ('queued', 'running') AND NOT EXISTS (
           SELECT 1 FROM jobs WHERE kind = 'train' AND state IN ('queued', 'running')
             AND json_extract(payload, '$.runId') = runs.id)`,
      ),
    };
    this.appendTransaction = db.transaction((runId: number, rows: readonly RunMetricRow[]) => {
      for (const row of rows) {
        this.statements.metric.run(runId, row.epoch, row.step, row.split, row.name, row.value);
      }
    });
  }

  create(config: unknown): number {
    return Number(this.statements.create.run(JSON.stringify(config)).lastInsertRowid);
  }

  get(id: number): RunRow | undefined {
    return this.statements.get.get(id) as RunRow | undefined;
  }

  list(): RunRow[] {
    return this.statements.list.all() as RunRow[];
  }

  /** A run begins (or resumes) training on a backend; `dataset` is its split summary as JSON. */
  markRunning(id: number, backend: string, totalSteps: number, dataset: unknown): void {
    this.statements.start.run(backend, totalSteps, JSON.stringify(dataset), id);
  }

  markQueued(id: number): void {
    this.statements.queue.run(id);
  }

  /** Ends a run as stopped or failed (its last checkpoint stays for a resume). */
  markEnded(id: number, status: 'stopped' | 'failed', error: string | null = null): void {
    this.statements.setStatus.run(status, error, id);
  }

  complete(id: number, metrics: Record<string, number>, modelId: number | null): void {
    this.statements.complete.run(JSON.stringify(metrics), modelId, id);
  }

  /** Records a complete checkpoint: a resume starts at `position.step`. */
  savePosition(id: number, position: RunPosition): void {
    this.statements.position.run(position.epoch, position.step, position.checkpoint, id);
  }

  saveBest(id: number, checkpoint: string): void {
    this.statements.best.run(checkpoint, id);
  }

  appendMetrics(runId: number, rows: readonly RunMetricRow[]): void {
    if (rows.length > 0) this.appendTransaction(runId, rows);
  }

  /**
   * Drops metrics logged after `step` (a resume replays the steps after its checkpoint, which would
   * otherwise be recorded twice).
   */
  forgetMetricsAfter(runId: number, step: number): void {
    this.statements.forgetAfter.run(runId, step);
  }

  /** The run's metrics after `afterStep` (all of them by default), in step order. */
  metrics(runId: number, afterStep = -1): RunMetricRow[] {
    return this.statements.metrics.all(runId, afterStep) as RunMetricRow[];
  }

  /** Each metric series (split + name) of a run after `afterStep`: its step range and row count. */
  seriesExtents(runId: number, afterStep = -1): MetricSeriesExtent[] {
    return this.statements.seriesExtents.all(runId, afterStep) as MetricSeriesExtent[];
  }

  /** One series' rows after `afterStep`, in step order. */
  series(runId: number, afterStep: number, split: string, name: string): RunMetricRow[] {
    return this.statements.series.all({ run: runId, after: afterStep, split, name }) as RunMetricRow[];
  }

  /**
   * One series in buckets of `width` steps (step / width), each its last row with the bucket's min and
   * max: the dashboard's downsampling, done in SQL so a 100k-step run is not read row by row.
   */
  seriesBuckets(
    runId: number,
    afterStep: number,
    split: string,
    name: string,
    width: number,
  ): MetricBucketRow[] {
    return this.statements.buckets.all({
      run: runId,
      after: afterStep,
      split,
      name,
      width,
    }) as MetricBucketRow[];
  }

  /**
   * Runs queued or running without a live train job (their process quit or crashed; the job queue has
   * marked such jobs interrupted at boot) become `stopped`, resumable from their last checkpoint.
   */
  stopOrphans(): void {
    this.statements.stopOrphans.run();
  }
}
