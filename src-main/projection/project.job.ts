import type { ProjectionRepository } from '../catalog/projection.repository';
import type { JobRunContext } from '../jobs/job-types';
import { ProgressMeter } from '../jobs/progress';
import { floatsOf } from '../util/float-blob';
import type { ProjectInWorker } from './projection-client';
import { faceSetSignature, normaliseParams, projectionKey } from './projection-key';
import type { ProjectionStore, StoredProjection } from './projection-store';
import type { ProjectionEvent, ProjectionParams } from './projection-types';
import type { ProjectJobInput, ProjectSummary } from './projection-views';

/** What the `project` job needs. */
export interface ProjectJobDeps {
  repository: ProjectionRepository;
  store: ProjectionStore;
  project: ProjectInWorker;
}

const phaseNames: Record<ProjectionEvent['phase'], (params: ProjectionParams) => string> = {
  pca: () => 'pca',
  neighbours: () => 'neighbours',
  layout: (params) => params.method,
};

/**
 * The `project` job: reads the model's face set with its vectors, projects it in a worker (progress
 * reported, a cancel ends the worker) and caches the map under its key. The key is computed from the
 * faces actually read, so a face set that changed since the map was asked for is cached under its own
 * key (the view asks again and finds it, or a newer job). A map already cached is not computed again.
 */
export async function runProjectJob(
  input: ProjectJobInput,
  job: JobRunContext,
  deps: ProjectJobDeps,
): Promise<ProjectSummary> {
  const params = normaliseParams(input);
  const meter = new ProgressMeter();
  job.reportProgress(meter.sample('reading faces', 0, 0));
  const rows = deps.repository.vectors(input.model);
  const key = projectionKey(input.model, params, faceSetSignature(rows));
  const summary = (points: number, seconds: number): ProjectSummary => ({
    key,
    method: params.method,
    dims: params.dims,
    points,
    seconds,
  });
  const cached = deps.store.read(key);
  if (cached) return summary(cached.faceIds.length, cached.seconds);
  const faceIds = Int32Array.from(rows, (row) => row.id);
  const n = rows.length;
  // A trained or imported embedder may give other than 128 values: its maps are drawn all the same.
  const d = rows[0] ? rows[0].vector.byteLength / 4 : 0;
  const vectors = new Float32Array(n * d);
  rows.forEach((row, i) => vectors.set(floatsOf(row.vector), i * d));
  rows.length = 0; // the blobs are copied out: let them go before the worker's copy is made
  let result;
  try {
    result =
      n === 0
        ? { coords: new Float32Array(0), explained: [], note: null, seconds: 0 }
        : await deps.project({ params, vectors, n, d }, job.signal, (event) =>
            job.reportProgress(meter.sample(phaseNames[event.phase](params), event.done, event.total)),
          );
  } catch (error) {
    // Cancelled: the queue marks the job so; nothing is cached.
    if (job.signal.aborted) return summary(n, 0);
    throw error;
  }
  const map: StoredProjection = { key, model: input.model, params, faceIds, ...result };
  deps.store.write(map);
  return summary(n, result.seconds);
}
