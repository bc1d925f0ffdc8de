import type { JobQueue } from '../jobs/job-queue';

/** Starts face indexing of photos already in the catalog. */
export class IndexService {
  constructor(private readonly jobs: JobQueue) {}

  /** Queues a (re)index: photos not yet indexed by the current embedder, or all of them; returns the job id. */
  start(all: boolean): number {
    return this.jobs.enqueue('index', { all });
  }
}
