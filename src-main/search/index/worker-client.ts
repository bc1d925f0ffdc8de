import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../platform/worker-url';
import type { IndexRequest, IndexResponse } from './messages';

/** Distributes `Omit` over a union (the built-in one would merge the request kinds). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Call = WithoutId<Exclude<IndexRequest, { type: 'cancel' | 'init' }>>;

interface Pending {
  resolve: (response: IndexResponse) => void;
  reject: (error: Error) => void;
}

/** Errors from the search worker, or raised inside it (name kept, so AbortError stays recognisable). */
export class FaceIndexError extends Error {
  constructor(message: string, name = 'FaceIndexError') {
    super(`FaceIndex - ${message}`);
    this.name = name;
  }
}

/**
 * The main thread's side of the search worker: typed requests with ids, each answered once; an aborted
 * request rejects at once and tells the worker to stop it (a build stops at its next batch; a query's
 * late answer is dropped). The worker starts on the first request; a crash rejects what was pending and
 * the next request starts a new one (`onRestart` lets the caller forget what the old one held).
 */
export class IndexWorkerClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly url: URL,
    private readonly settings: { dir: string; approximateFrom: number },
    private readonly onRestart: () => void,
  ) {}

  request(call: Call, signal?: AbortSignal, transfer: ArrayBuffer[] = []): Promise<IndexResponse> {
    if (this.disposed) return Promise.reject(new FaceIndexError('disposed'));
    if (signal?.aborted) return Promise.reject(new FaceIndexError('aborted', 'AbortError'));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<IndexResponse>((resolve, reject) => {
      const onAbort = (): void => {
        this.forget(id);
        worker.postMessage({ type: 'cancel', id } satisfies IndexRequest);
        reject(new FaceIndexError('aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (response) => {
          done();
          if (response.type === 'error') reject(new FaceIndexError(response.message, response.name));
          else resolve(response);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      worker.ref(); // while an answer is awaited, the worker keeps the process (a CLI) alive
      worker.postMessage({ ...call, id }, transfer);
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.fail(new FaceIndexError('disposed'));
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker(this.url);
    worker.postMessage({ type: 'init', ...this.settings } satisfies IndexRequest);
    worker.on('message', (response: IndexResponse) => {
      const pending = this.pending.get(response.id);
      this.forget(response.id);
      pending?.resolve(response);
    });
    worker.on('error', (error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.fail(new FaceIndexError(`worker crashed: ${error.message}`));
      this.onRestart();
    });
    this.worker = worker;
    return worker;
  }

  private forget(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref(); // an idle index must not keep a process alive
  }

  private fail(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
