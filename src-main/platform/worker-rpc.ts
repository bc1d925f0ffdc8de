import type { TransferListItem, Worker } from 'node:worker_threads';
import { spawnWorker } from './worker-url';

/**
 * What a worker serves, one entry per method with its request and its response: the same map types the
 * main thread's {@link WorkerRpc} and the worker's `serveWorkerRpc` (worker-rpc-server.ts), so that both
 * sides of a worker agree at compile time. Written as `M extends RpcMethods<M>` so interfaces qualify.
 */
export type RpcMethods<M> = { [K in keyof M]: { request: unknown; response: unknown } };

/** Main thread -> worker. A `cancel` aborts the handler's signal of a running request. */
export type RpcRequestMessage =
  { type: 'request'; id: number; method: string; request: unknown } | { type: 'cancel'; id: number };

/**
 * Worker -> main thread: the start handshake (`ready` with what the worker reports about itself, or
 * `init-error`), one `response` or `error` per request, and `event`s pushed while a request runs (`id`
 * names it) or outside any request (`id` null).
 */
export type RpcWorkerMessage =
  | { type: 'ready'; info: unknown }
  | { type: 'init-error'; name: string; message: string }
  | { type: 'response'; id: number; response: unknown }
  | { type: 'error'; id: number; name: string; message: string }
  | { type: 'event'; id: number | null; event: unknown };

/** Builds the errors a client rejects with; `name` is the worker-side error's name where there is one. */
export type RpcErrorFactory = (message: string, name?: string) => Error;

/** Errors from a {@link WorkerRpc} or raised inside its worker (name and message preserved, prefixed). */
export class WorkerRpcError extends Error {
  constructor(message: string, name = 'WorkerRpcError') {
    super(`WorkerRpc - ${message}`);
    this.name = name;
  }
}

/** Options of {@link WorkerRpc.start}. */
export interface WorkerRpcOptions<Event> {
  /** Worker entry (see platform/worker-url.ts: `workerUrl` for the source or the bundled file). */
  url: URL;
  /** Number of workers sharing one FIFO queue of requests (default 1). */
  size?: number;
  /** Events the worker pushes outside a request, or during one whose call has no `onEvent`. */
  onEvent?: (event: Event) => void;
  /** The errors to reject with (default {@link WorkerRpcError}): a caller keeps its own error class. */
  makeError?: RpcErrorFactory;
  /** Starts a worker (default spawnWorker); tests pass a fake. */
  spawn?: (url: URL) => Worker;
}

/** Options of one {@link WorkerRpc.call}. */
export interface RpcCallOptions<Event> {
  /**
   * Cancels the call: a queued call is dropped; a running one has its worker-side signal aborted, and
   * then is rejected at once (`whenAborted: 'reject'`, the default; the worker's late answer is dropped)
   * or settles with whatever the worker answers (`'wait-for-worker'`: a trainer that saves a checkpoint
   * and answers "stopped" when asked to stop).
   */
  signal?: AbortSignal;
  whenAborted?: 'reject' | 'wait-for-worker';
  /** Buffers moved to the worker instead of copied: detached on this side once the call is dispatched. */
  transfer?: readonly TransferListItem[];
  /** Events the worker pushes while this call runs (progress of a long request). */
  onEvent?: (event: Event) => void;
}

interface Call {
  id: number;
  method: string;
  request: unknown;
  options: RpcCallOptions<unknown>;
  resolve: (response: unknown) => void;
  reject: (error: Error) => void;
  onAbort: () => void;
  settled: boolean;
}

interface Slot {
  worker: Worker;
  call: Call | undefined;
}

interface Started<Ready> {
  worker: Worker;
  ready: Ready;
}

/**
 * The main thread's side of typed request/response with workers (one or a pool): calls are matched to
 * answers by id, queue in FIFO order and go to an idle worker, one at a time per worker (a tfjs engine
 * runs one thing at a time). A worker's errors reject the call with their name and message kept; a worker
 * that crashes or exits rejects its running call and is replaced.
 */
export class WorkerRpc<M extends RpcMethods<M>, Ready = void, Event = never> {
  private readonly slots: Slot[] = [];
  private readonly queue: Call[] = [];
  private nextId = 1;
  private disposed = false;

  private readyInfo: Ready | undefined;

  private constructor(
    private readonly options: WorkerRpcOptions<Event>,
    private readonly makeError: RpcErrorFactory,
  ) {}

  /** Starts the workers and resolves once each has reported ready; rejects with the first start error. */
  static async start<M extends RpcMethods<M>, Ready = void, Event = never>(
    options: WorkerRpcOptions<Event>,
  ): Promise<WorkerRpc<M, Ready, Event>> {
    const makeError = options.makeError ?? ((message, name) => new WorkerRpcError(message, name));
    const rpc = new WorkerRpc<M, Ready, Event>(options, makeError);
    const size = Math.max(1, options.size ?? 1);
    // Each worker is attached as soon as it is ready, so that none is left without an error listener
    // while the others start.
    const starts = Array.from({ length: size }, () =>
      startWorker<Ready, Event>(options, makeError).then(({ worker, ready }) => {
        rpc.attach(worker);
        return ready;
      }),
    );
    const started = await Promise.allSettled(starts);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await rpc.dispose();
      const reason: unknown = failed.reason;
      throw reason instanceof Error ? reason : makeError(String(reason));
    }
    rpc.readyInfo = (started[0] as PromiseFulfilledResult<Ready>).value;
    return rpc;
  }

  /** What the first worker reported when it was ready (e.g. the backend it loaded). */
  get ready(): Ready {
    return this.readyInfo as Ready;
  }

  /** Number of workers. */
  get size(): number {
    return this.slots.length;
  }

  /** Calls queued or running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((slot) => slot.call).length;
  }

  /** Sends a request to the next idle worker and resolves with its response. */
  call<K extends keyof M & string>(
    method: K,
    request: M[K]['request'],
    options: RpcCallOptions<Event> = {},
  ): Promise<M[K]['response']> {
    if (this.disposed) return Promise.reject(this.makeError('disposed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(this.abortError(signal));
    return new Promise<M[K]['response']>((resolve, reject) => {
      const call: Call = {
        id: this.nextId++,
        method,
        request,
        options: options as RpcCallOptions<unknown>,
        resolve,
        reject,
        onAbort: () => this.abort(call),
        settled: false,
      };
      signal?.addEventListener('abort', call.onAbort, { once: true });
      this.queue.push(call);
      this.dispatch();
    });
  }

  /** Rejects queued and running calls and terminates the workers. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const error = this.makeError('disposed');
    for (const call of this.queue.splice(0)) this.settle(call, error);
    for (const slot of this.slots) if (slot.call) this.settle(slot.call, error);
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private abort(call: Call): void {
    const queued = this.queue.indexOf(call);
    const error = this.abortError(call.options.signal!);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(call, error);
      return;
    }
    // A running call keeps its worker busy until the worker answers; the worker is asked to stop early.
    const slot = this.slots.find((s) => s.call === call);
    slot?.worker.postMessage({ type: 'cancel', id: call.id } satisfies RpcRequestMessage);
    if (call.options.whenAborted !== 'wait-for-worker') this.settle(call, error);
  }

  private settle(call: Call, outcome: { response: unknown } | Error): void {
    if (call.settled) return;
    call.settled = true;
    call.options.signal?.removeEventListener('abort', call.onAbort);
    if (outcome instanceof Error) call.reject(outcome);
    else call.resolve(outcome.response);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.call || this.queue.length === 0) continue;
      const call = this.queue.shift()!;
      slot.call = call;
      const { id, method, request } = call;
      const message: RpcRequestMessage = { type: 'request', id, method, request };
      slot.worker.postMessage(message, call.options.transfer);
    }
  }

  private attach(worker: Worker): void {
    const slot: Slot = { worker, call: undefined };
    this.slots.push(slot);
    worker.on('message', (message: RpcWorkerMessage) => this.receive(slot, message));
    worker.on('error', (error) => this.replace(slot, error));
    // A worker that exits without an error (process.exit, resource limits) would leave its call hanging.
    worker.on('exit', (code) => this.replace(slot, new Error(`exited with code ${code}`)));
  }

  private receive(slot: Slot, message: RpcWorkerMessage): void {
    if (message.type === 'event') {
      this.deliverEvent(slot, message.id, message.event as Event);
      return;
    }
    if (message.type !== 'response' && message.type !== 'error') return;
    const call = slot.call;
    slot.call = undefined;
    if (call && call.id === message.id) {
      this.settle(
        call,
        message.type === 'response'
          ? { response: message.response }
          : this.makeError(message.message, message.name),
      );
    }
    this.dispatch();
  }

  /** An event of a running call goes to its onEvent; one of a call already settled is stale: dropped. */
  private deliverEvent(slot: Slot, id: number | null, event: Event): void {
    if (id === null) {
      this.options.onEvent?.(event);
      return;
    }
    const call = slot.call;
    if (!call || call.id !== id || call.settled) return;
    const onEvent = (call.options.onEvent as ((event: Event) => void) | undefined) ?? this.options.onEvent;
    onEvent?.(event);
  }

  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return; // already replaced ('error' is followed by 'exit'), or disposed
    this.slots.splice(index, 1);
    if (slot.call) this.settle(slot.call, this.makeError(`worker crashed: ${error.message}`));
    void slot.worker.terminate();
    if (this.disposed) return;
    startWorker<Ready, Event>(this.options, this.makeError).then(
      ({ worker }) => {
        if (this.disposed) void worker.terminate();
        else {
          this.attach(worker);
          this.dispatch();
        }
      },
      () => {
        if (this.slots.length > 0) return;
        const failure = this.makeError('no worker could be restarted');
        for (const call of this.queue.splice(0)) this.settle(call, failure);
      },
    );
  }

  private abortError(signal: AbortSignal): Error {
    const reason: unknown = signal.reason;
    return reason instanceof Error ? reason : this.makeError('aborted', 'AbortError');
  }
}

/** Starts one worker and resolves when it reports ready; events it pushes while starting are passed on. */
function startWorker<Ready, Event>(
  options: WorkerRpcOptions<Event>,
  makeError: RpcErrorFactory,
): Promise<Started<Ready>> {
  const worker = (options.spawn ?? spawnWorker)(options.url);
  return new Promise((resolve, reject) => {
    const cleanUp = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const fail = (message: string, name?: string): void => {
      cleanUp();
      void worker.terminate();
      reject(makeError(`worker failed to start: ${message}`, name));
    };
    const onError = (error: Error): void => fail(error.message, error.name);
    const onExit = (code: number): void => fail(`exited with code ${code}`);
    const onMessage = (message: RpcWorkerMessage): void => {
      if (message.type === 'event' && message.id === null) options.onEvent?.(message.event as Event);
      else if (message.type === 'ready') {
        cleanUp();
        resolve({ worker, ready: message.info as Ready });
      } else if (message.type === 'init-error') fail(message.message, message.name);
      else fail(`unexpected ${message.type}`);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
  });
}
