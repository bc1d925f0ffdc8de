import type { JobState } from '../catalog/job.repository';
import type { IndexInput, IndexSummary } from '../faces/index-types';
import type { ImportInput, ImportSummary } from '../ingest/import-types';
import type { ReembedInput, ReembedSummary } from '../models/model-types';
import type { ProjectJobInput, ProjectSummary } from '../projection/projection-views';
import type { TrainJobInput, TrainSummary } from '../training/run/train-job-types';
import type { JobProgress } from './progress';

/**
 * Every kind of job, with its payload and result: the queue, its handlers and the API's JobView are typed
 * by this map (a new kind also names its lane in job-lanes.ts).
 */
export interface JobKinds {
  import: { payload: ImportInput; result: ImportSummary };
  index: { payload: IndexInput; result: IndexSummary };
  train: { payload: TrainJobInput; result: TrainSummary };
  reembed: { payload: ReembedInput; result: ReembedSummary };
  project: { payload: ProjectJobInput; result: ProjectSummary };
}

export type JobKind = keyof JobKinds;

/** What a handler gets besides its payload. */
export interface JobRunContext {
  jobId: number;
  signal: AbortSignal;
  reportProgress: (progress: JobProgress) => void;
}

export type JobHandler<K extends JobKind> = (
  payload: JobKinds[K]['payload'],
  context: JobRunContext,
) => Promise<JobKinds[K]['result']>;

export type JobHandlers = { [K in JobKind]: JobHandler<K> };

/**
 * A job of one kind as the API shows it, with its payload and result typed by that kind. The result is
 * null until the job ends, and for a failed job it is what the job had committed (an import's partial
 * summary, see JobFailedError), or null.
 */
export interface JobViewOf<K extends JobKind> {
  id: number;
  kind: K;
  state: JobState;
  progress: JobProgress | null;
  payload: JobKinds[K]['payload'];
  result: JobKinds[K]['result'] | null;
  error: string | null;
  created: string;
  updated: string;
}

/** A job as the API shows it: a union discriminated by `kind`, so that readers narrow, never guess. */
export type JobView = { [K in JobKind]: JobViewOf<K> }[JobKind];

/** Any kind's result (a job's outcome before it is laid over its view). */
export type JobResult = JobView['result'];

/** The events the job queue sends (the API's AppEvents include them). */
export interface JobEvents {
  'job.progress': JobView;
}

/**
 * A job that failed part-way, with what it had committed by then (for an import: the photos stored), so
 * that the UI and the CLI can say both why it stopped and what is safely in the catalog.
 */
export class JobFailedError extends Error {
  override name = 'JobFailedError';

  constructor(
    message: string,
    readonly partialResult: unknown,
  ) {
    super(message);
  }
}
