import { parentPort, type TransferListItem } from 'node:worker_threads';
import type { RpcMethods, RpcRequestMessage, RpcWorkerMessage } from './worker-rpc';

/** What a handler gets besides its request. */
export interface RpcHandlerContext<Event> {
  /** Aborted when the caller cancels this request while it runs: stop at the next safe point. */
  signal: AbortSignal;
  /** Pushes an event to the main thread now (delivered to the call's `onEvent`), e.g. progress. */
  emit: (event: Event, transfer?: readonly TransferListItem[]) => void;
}

/** A response with the buffers to move to the main thread instead of copying them. */
export class RpcReply<T> {
  constructor(
    readonly value: T,
    readonly transfer: readonly TransferListItem[],
  ) {}
}

/** A handler's response whose buffers are transferred (see {@link RpcReply}). */
export function withTransfer<T>(value: T, transfer: readonly TransferListItem[]): RpcReply<T> {
  return new RpcReply(value, transfer);
}

type Answer<T> = T | RpcReply<T>;

/** One handler per method of the map, answering its request (or throwing: the caller gets the error). */
export type RpcHandlers<M extends RpcMethods<M>, Event = never> = {
  [K in keyof M]: (
    request: M[K]['request'],
    context: RpcHandlerContext<Event>,
  ) => Answer<M[K]['response']> | Promise<Answer<M[K]['response']>>;
};

/** What a worker's set-up resolves to: what it reports when ready, and its handlers. */
export interface RpcService<M extends RpcMethods<M>, Ready, Event = never> {
  ready: Ready;
  handlers: RpcHandlers<M, Event>;
}

/** The side of a MessagePort the server uses (the worker's parentPort; tests pass a MessageChannel port). */
export interface RpcPort {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(message: unknown, transfer?: readonly TransferListItem[]): void;
}

/**
 * The worker's side of {@link WorkerRpc} (worker-rpc.ts): runs `setUp` (load a backend, weights...),
 * reports `ready` with what it returns, or `init-error` with the error's name and message; then answers
 * each request with its method's handler, one at a time in arrival order (a tfjs engine runs one thing at
 * a time), each with an AbortSignal that a `cancel` from the caller aborts. Errors thrown by a handler
 * reach the caller with their name and message. `setUp` may emit events before any request (a download's
 * progress): they reach the client's `onEvent`.
 *
 * ```ts
 * // trainer.worker.ts
 * serveWorkerRpc<TrainerMethods, { backend: BackendName }, TrainerEvent>(async (emit) => {
 *   const backend = await loadTrainingBackend();
 *   return {
 *     ready: { backend },
 *     handlers: {
 *       train: async (request, { signal, emit }) => runLoop(request, signal, (m) => emit({ type: 'metrics', ...m })),
 *     },
 *   };
 * });
 * ```
 */
export function serveWorkerRpc<M extends RpcMethods<M>, Ready = void, Event = never>(
  setUp: (emit: (event: Event) => void) => RpcService<M, Ready, Event> | Promise<RpcService<M, Ready, Event>>,
  port: RpcPort = requireParentPort(),
): void {
  const post = (message: RpcWorkerMessage, transfer?: readonly TransferListItem[]): void =>
    port.postMessage(message, transfer);
  const service = Promise.resolve().then(() => setUp((event) => post({ type: 'event', id: null, event })));
  service.then(
    ({ ready }) => post({ type: 'ready', info: ready }),
    (error: unknown) => post({ type: 'init-error', ...describe(error) }),
  );
  const running = new Map<number, AbortController>();
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (raw) => {
    const message = raw as RpcRequestMessage;
    if (message.type === 'cancel') {
      running.get(message.id)?.abort();
      return;
    }
    // The controller exists from arrival, so a request cancelled while it waits its turn never starts.
    const controller = new AbortController();
    running.set(message.id, controller);
    chain = chain.then(async () => {
      try {
        const { handlers } = await service;
        await answer(handlers, message, controller.signal, post);
      } catch (error) {
        post({ type: 'error', id: message.id, ...describe(error) });
      } finally {
        running.delete(message.id);
      }
    });
  });
}

async function answer<M extends RpcMethods<M>, Event>(
  handlers: RpcHandlers<M, Event>,
  message: Extract<RpcRequestMessage, { type: 'request' }>,
  signal: AbortSignal,
  post: (message: RpcWorkerMessage, transfer?: readonly TransferListItem[]) => void,
): Promise<void> {
  const { id, method } = message;
  if (!Object.hasOwn(handlers, method)) throw new Error(`unknown method ${method}`);
  if (signal.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
  const handler = handlers[method as keyof M];
  const emit = (event: Event, transfer?: readonly TransferListItem[]): void =>
    post({ type: 'event', id, event }, transfer);
  const result: unknown = await handler(message.request, { signal, emit });
  if (result instanceof RpcReply) post({ type: 'response', id, response: result.value }, result.transfer);
  else post({ type: 'response', id, response: result });
}

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

function requireParentPort(): RpcPort {
  if (!parentPort) throw new Error('serveWorkerRpc - must run in a worker thread');
  return parentPort;
}
