import { parentPort } from 'node:worker_threads';
import type { IndexRequest, IndexResponse } from './messages';
import { ModelIndexes } from './model-index';

/**
 * Search worker entry: owns every model's index so that scans and builds never block the main thread.
 * Queries are synchronous; builds yield between batches, so queries and cancels are answered meanwhile.
 */
const port = parentPort;
if (!port) throw new Error('search.worker - must run in a worker thread');
let indexes: ModelIndexes | undefined;
const cancelled = new Set<number>();

const post = (message: IndexResponse, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(message, transfer);

port.on('message', (request: IndexRequest) => {
  if (request.type === 'init') indexes = new ModelIndexes(request.dir, request.approximateFrom);
  else if (request.type === 'cancel') cancelled.add(request.id);
  else
    handle(indexes!, request).then(
      () => cancelled.delete(request.id),
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        post({ type: 'error', id: request.id, name: e.name, message: e.message });
        cancelled.delete(request.id);
      },
    );
});

async function handle(
  indexes: ModelIndexes,
  request: Exclude<IndexRequest, { type: 'cancel' | 'init' }>,
): Promise<void> {
  const { id, model } = request;
  switch (request.type) {
    case 'open': {
      const faces = indexes.open(model, request.signature);
      post(faces === undefined ? { type: 'needs-vectors', id } : { type: 'opened', id, faces });
      return;
    }
    case 'sync': {
      const { ids, vectors, signature, force } = request;
      const dim = ids.length > 0 ? vectors.length / ids.length : 0;
      const stop = (): boolean => cancelled.has(id);
      const done = await indexes.sync(model, signature, { ids, vectors, dim }, force, force, stop);
      post({ type: 'synced', id, ...done });
      return;
    }
    case 'nearest':
    case 'within': {
      const hits =
        request.type === 'nearest'
          ? indexes.nearest(model, request.query, request.k, request.exclude)
          : indexes.within(model, request.query, request.minDot, request.exclude);
      post({ type: 'hits', id, hits }, [hits.faceIds.buffer as ArrayBuffer, hits.dots.buffer as ArrayBuffer]);
    }
  }
}
