import { serveWorkerRpc, withTransfer } from '../platform/worker-rpc-server';
import { projectVectors } from './project';
import type { ProjectionEvent, ProjectionWorkerMethods } from './projection-types';

/**
 * Projection worker entry: PCA, t-SNE and UMAP run here, never on the main thread. The coordinates are
 * moved back, not copied. The main thread ends this worker on cancel (t-SNE and UMAP loops are
 * synchronous, so a cancel message would only be read between requests).
 */
serveWorkerRpc<ProjectionWorkerMethods, void, ProjectionEvent>(() => ({
  ready: undefined,
  handlers: {
    project: (request, { signal, emit }) => {
      const result = projectVectors(request, signal, emit);
      return withTransfer(result, [result.coords.buffer as ArrayBuffer]);
    },
  },
}));
