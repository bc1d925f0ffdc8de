import type { JobView } from '../../../src-main/api/contract';

/** States a job does not leave on its own: an event that said so is never undone by an older list. */
const settled = new Set<JobView['state']>(['done', 'failed', 'cancelled', 'superseded']);

/**
 * The job list a `jobs.list` answer gives, merged with what `job.progress` events said meanwhile. The answer
 * and the events travel apart (a request and an event stream), so the answer may be older than an event
 * that came first: a job the events already saw finish stays finished (else a view waits on a "running"
 * job that will send no more events), and a job the answer did not know yet is kept.
 */
export function mergeJobList(local: readonly JobView[], fetched: readonly JobView[]): JobView[] {
  const byId = new Map(local.map((job) => [job.id, job]));
  const merged = fetched.map((job) => {
    const seen = byId.get(job.id);
    return seen && settled.has(seen.state) && !settled.has(job.state) ? seen : job;
  });
  const known = new Set(fetched.map((job) => job.id));
  const newer = local.filter((job) => !known.has(job.id) && job.id > Math.max(0, ...known));
  return [...newer, ...merged];
}
