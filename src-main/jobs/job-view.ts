import type { JobRow } from '../catalog/job.repository';
import type { JobKind, JobView } from './job-types';
import type { JobProgress } from './progress';

/**
 * A stored job as the API shows it. The payload and result are parsed as the kind's types: the queue
 * stored them from handlers typed by that kind (JobKinds), so the row's kind vouches for their shapes.
 */
export function toJobView(row: JobRow): JobView {
  const parse = (text: string | null): unknown => (text ? JSON.parse(text) : null);
  return {
    id: row.id,
    kind: row.kind as JobKind,
    state: row.state,
    progress: parse(row.progress === '{}' ? null : row.progress) as JobProgress | null,
    payload: parse(row.payload),
    result: parse(row.result),
    error: row.error,
    created: row.created,
    updated: row.updated,
  } as JobView;
}
