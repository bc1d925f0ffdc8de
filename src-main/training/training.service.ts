import type { RunRepository, RunRow } from '../catalog/run.repository';
import type { JobQueue } from '../jobs/job-queue';
import { UserError } from '../util/errors';
import type { BackendName } from '../vision/backend-names';
import { parseTrainConfig } from './config/train-config';
import type { RunMetric, RunStart, RunView } from './run-views';

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** Whether a run can be continued: it ended early, and a resume has a checkpoint or a fresh start. */
function isResumable(row: RunRow): boolean {
  return row.status === 'stopped' || row.status === 'failed';
}

export function toRunView(row: RunRow): RunView {
  return {
    id: row.id,
    status: row.status,
    config: JSON.parse(row.config) as Record<string, unknown>,
    metrics: parseJson<Record<string, number>>(row.metrics) ?? {},
    backend: row.backend as BackendName | null,
    epoch: row.epoch,
    step: row.step,
    totalSteps: row.totalSteps,
    created: row.created,
    started: row.started,
    ended: row.ended,
    error: row.error,
    modelId: row.modelId,
    dataset: parseJson<Record<string, unknown>>(row.dataset),
    resumable: isResumable(row),
  };
}

/**
 * Training runs: start one from a config (validated, defaults filled in and stored, so a run always says
 * exactly what it trained with), stop one (it checkpoints and ends as `stopped`), resume it from its last
 * checkpoint, and read runs and their metrics. The training itself is the `train` job (run/train.job.ts),
 * in the job queue's training lane, so imports go on while a run trains.
 */
export class TrainingService {
  /** Runs this process is training, and their jobs (a stop is sent to the job). */
  private readonly jobsByRun = new Map<number, number>();

  constructor(
    private readonly runs: RunRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** Queues a new run. Throws a UserError naming any unknown or invalid config field. */
  start(configInput: unknown): RunStart {
    const config = parseTrainConfig(configInput);
    const runId = this.runs.create(config);
    return { runId, jobId: this.enqueue(runId, false) };
  }

  /** Queues a stopped or failed run again, continuing from its last checkpoint. */
  resume(runId: number): RunStart {
    const row = this.require(runId);
    if (!isResumable(row)) {
      throw new UserError(
        `run ${runId} is ${row.status}; only stopped or failed runs can be resumed`,
        'conflict',
      );
    }
    this.runs.markQueued(runId);
    return { runId, jobId: this.enqueue(runId, true) };
  }

  /** Asks a run to stop: it finishes its step, writes a checkpoint and ends as `stopped`. */
  stop(runId: number): void {
    const row = this.require(runId);
    const jobId = this.jobsByRun.get(runId);
    if (jobId === undefined) {
      if (row.status === 'running' || row.status === 'queued') {
        throw new UserError(
          `run ${runId} is training in another FaceAtlas process; stop it there`,
          'conflict',
        );
      }
      throw new UserError(`run ${runId} is ${row.status}, not training`, 'conflict');
    }
    this.jobs.cancel(jobId);
  }

  list(): RunView[] {
    return this.runs.list().map(toRunView);
  }

  get(runId: number): RunView {
    return toRunView(this.require(runId));
  }

  /** A run's metrics logged after `afterStep` (all by default), for a dashboard catching up. */
  metrics(runId: number, afterStep = -1): RunMetric[] {
    this.require(runId);
    return this.runs.metrics(runId, afterStep);
  }

  /** The job training a run in this process, if any. */
  jobOf(runId: number): number | undefined {
    return this.jobsByRun.get(runId);
  }

  private enqueue(runId: number, resume: boolean): number {
    const jobId = this.jobs.enqueue('train', { runId, resume });
    this.jobsByRun.set(runId, jobId);
    void this.jobs
      .waitFor(jobId)
      .catch(() => undefined)
      .finally(() => {
        if (this.jobsByRun.get(runId) === jobId) this.jobsByRun.delete(runId);
      });
    return jobId;
  }

  private require(runId: number): RunRow {
    const row = this.runs.get(runId);
    if (!row) throw new UserError(`no run ${runId}`, 'not-found');
    return row;
  }
}
