import type { JobState } from '../catalog/job.repository';
import type { IndexInput, IndexSummary } from '../faces/index-types';
import type { ImportInput, ImportSummary } from '../ingest/import-types';
import type { JobProgress } from './progress';

/** Every kind of job, with its payload and result: the queue is typed by this map. */
export interface JobKinds {
  import: { payload: ImportInput; result: ImportSummary };
  index: { payload: IndexInput; result: IndexSummary };
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

/** A job as the API shows it. */
export interface JobView {
  id: number;
  kind: JobKind;
  state: JobState;
  progress: JobProgress | null;
  payload: unknown;
  result: unknown;
  error: string | null;
  created: string;
  updated: string;
}

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
