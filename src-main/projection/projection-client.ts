import { WorkerRpc } from '../platform/worker-rpc';
import { workerUrl } from '../platform/worker-url';
import type {
  ProjectionEvent,
  ProjectionWorkerMethods,
  ProjectWorkerRequest,
  ProjectWorkerResponse,
} from './projection-types';

/** Runs one projection somewhere off the main thread (the job's seam; tests may pass projectVectors). */
export type ProjectInWorker = (
  request: ProjectWorkerRequest,
  signal: AbortSignal,
  onEvent: (event: ProjectionEvent) => void,
) => Promise<ProjectWorkerResponse>;

const projectionUrl = (): URL => workerUrl(import.meta.url, './projection.worker.ts', 'projection-worker');

/**
 * A worker per projection: started, asked, ended. Maps are made now and then, so no worker idles between
 * them; and ending the worker is how a cancel stops t-SNE or UMAP at once, mid-loop. The vectors are
 * moved to the worker (the caller's array is detached).
 */
export const projectInWorker: ProjectInWorker = async (request, signal, onEvent) => {
  const rpc = await WorkerRpc.start<ProjectionWorkerMethods, void, ProjectionEvent>({ url: projectionUrl() });
  try {
    return await rpc.call('project', request, {
      signal,
      onEvent,
      transfer: [request.vectors.buffer as ArrayBuffer],
    });
  } finally {
    await rpc.dispose();
  }
};
