import type { JobProgress } from '../jobs/progress';

/** "importing 120/4992 (35.2/s, ETA 2m18s)" for stderr. */
export function formatProgress(progress: JobProgress): string {
  // Before any work (a job waiting for another process's job), the detail says what it waits for.
  if (progress.done === 0 && progress.total === 0 && progress.detail) return progress.detail;
  const counts = progress.total > 0 ? `${progress.done}/${progress.total}` : `${progress.done}`;
  const rate = progress.rate > 0 ? ` ${progress.rate.toFixed(1)}/s` : '';
  const eta = progress.etaSeconds === null ? '' : `, ETA ${formatDuration(progress.etaSeconds)}`;
  return `${progress.phase} ${counts}${rate ? ` (${rate.trim()}${eta})` : ''}`;
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
