import type { Container } from '../app/container';
import { endProgress, printProgress } from './output';
import { formatProgress } from './progress-line';

/**
 * Waits for a queued job, printing its progress on stderr; Ctrl-C cancels it cleanly (what was committed
 * stays). Returns the job's result, or throws its error.
 */
export async function waitForJob<T>(app: Container, jobId: number): Promise<T> {
  const cancel = (): void => app.jobs.cancel(jobId);
  process.once('SIGINT', cancel);
  const unsubscribe = app.events.onAny((name, payload) => {
    if (name === 'job.progress' && 'id' in payload && payload.id === jobId && payload.progress) {
      printProgress(formatProgress(payload.progress));
    }
  });
  try {
    const job = await app.jobs.waitFor(jobId);
    if (job.state === 'failed') throw new Error(job.error ?? `${job.kind} failed`);
    return job.result as T;
  } finally {
    unsubscribe();
    process.off('SIGINT', cancel);
    endProgress();
  }
}
