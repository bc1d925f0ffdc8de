import type { Container } from '../app/container';
import { JobFailedError } from '../jobs/job-types';
import { endProgress, printProgress } from './output';
import { formatProgress } from './progress-line';

/**
 * Waits for a queued job, printing its progress on stderr; Ctrl-C cancels it cleanly (what was committed
 * stays). Returns the job's result, or throws its error (a JobFailedError, with what the job committed).
 */
export async function waitForJob<T>(app: Container, jobId: number): Promise<T> {
  const cancel = (): void => app.jobs.cancel(jobId);
  process.once('SIGINT', cancel);
  const unsubscribe = app.events.onAny((name, payload) => {
    if (name === 'job.progress' && 'id' in payload && payload.id === jobId && payload.progress) {
      printProgress(formatProgress(payload.progress));
    }
  });
  // The job may have reported before we subscribed (a job waiting for another process says so at once).
  const current = app.jobs.get(jobId)?.progress;
  if (current) printProgress(formatProgress(current));
  try {
    const job = await app.jobs.waitFor(jobId);
    if (job.state === 'failed') throw new JobFailedError(job.error ?? `${job.kind} failed`, job.result);
    return job.result as T;
  } finally {
    unsubscribe();
    process.off('SIGINT', cancel);
    endProgress();
  }
}
