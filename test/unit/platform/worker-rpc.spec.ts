import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerRpc, type RpcWorkerMessage } from '../../../src-main/platform/worker-rpc';
import { serveWorkerRpc } from '../../../src-main/platform/worker-rpc-server';
import type { TestEvent, TestMethods, TestReady } from './fixtures/rpc-methods';

type TestRpc = WorkerRpc<TestMethods, TestReady, TestEvent>;

const workerEntry = new URL('./fixtures/rpc-test.worker.ts', import.meta.url);
const startTestRpc = (size: number, onEvent?: (event: TestEvent) => void): Promise<TestRpc> =>
  WorkerRpc.start<TestMethods, TestReady, TestEvent>({ url: workerEntry, size, ...(onEvent && { onEvent }) });

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('WorkerRpc with two workers', () => {
  let rpc: TestRpc;
  const clientEvents: TestEvent[] = [];
  beforeAll(async () => {
    rpc = await startTestRpc(2, (event) => clientEvents.push(event));
  });
  afterAll(() => rpc?.dispose());

  it('reports ready, passes events sent while starting, and spreads calls over the workers', async () => {
    expect(rpc.size).toBe(2);
    expect(rpc.ready.thread).toBeGreaterThan(0);
    expect(clientEvents.filter((event) => event.type === 'starting')).toHaveLength(2);
    const texts = Array.from({ length: 8 }, (_, i) => `call ${i}`);
    const answers = await Promise.all(texts.map((text) => rpc.call('echo', { text })));
    expect(answers.map((answer) => answer.text)).toEqual(texts);
    expect(new Set(answers.map((answer) => answer.thread)).size).toBe(2);
    expect(rpc.pending).toBe(0);
  });

  it('moves the buffers in the transfer list and copies the others', async () => {
    const moved = new Float64Array([1, 2, 3.5]);
    const copied = new Float64Array([4, 5]);
    expect(await rpc.call('sum', { values: moved }, { transfer: [moved.buffer] })).toBe(6.5);
    expect(await rpc.call('sum', { values: copied })).toBe(9);
    expect(moved.byteLength).toBe(0);
    expect(copied.byteLength).toBe(16);
  });

  it("rejects with the worker-side error's name and message", async () => {
    await expect(rpc.call('fail', { message: 'bad input' })).rejects.toMatchObject({
      name: 'TypeError',
      message: 'WorkerRpc - bad input',
    });
    expect((await rpc.call('echo', { text: 'still serving' })).text).toBe('still serving');
  });

  it('replaces a worker that crashes: its call is rejected, the next ones are served', async () => {
    await expect(rpc.call('crash', { message: 'boom' })).rejects.toThrow(/worker crashed: boom/);
    await until(() => rpc.size === 2);
    const answers = await Promise.all([1, 2, 3, 4].map(() => rpc.call('echo', { text: 'x' })));
    expect(new Set(answers.map((answer) => answer.thread)).size).toBe(2);
  });
});

describe('WorkerRpc with one worker', () => {
  let rpc: TestRpc;
  const clientEvents: TestEvent[] = [];
  beforeAll(async () => {
    rpc = await startTestRpc(1, (event) => clientEvents.push(event));
  });
  afterAll(() => rpc?.dispose());

  it('drops a queued call and rejects a running one at once, telling its worker to stop', async () => {
    const running = new AbortController();
    const queued = new AbortController();
    // 30 s: only the worker-side abort can end it within the test's time.
    const first = rpc.call('wait', { tag: 'first', ms: 30_000 }, { signal: running.signal });
    const second = rpc.call('wait', { tag: 'second', ms: 30_000 }, { signal: queued.signal });
    expect(rpc.pending).toBe(2);
    queued.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    await until(() => clientEvents.some((event) => event.type === 'tick' && event.tag === 'first'));
    running.abort(new Error('stopped by the test'));
    await expect(first).rejects.toThrow('stopped by the test');
    expect(await rpc.call('started', {})).toEqual(['first']);
    await expect(rpc.call('echo', { text: 'x' }, { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it("settles an aborted call with the worker's answer when asked to wait for it", async () => {
    const stop = new AbortController();
    const ticks: TestEvent[] = [];
    const call = rpc.call(
      'wait',
      { tag: 'graceful', ms: 30_000 },
      { signal: stop.signal, whenAborted: 'wait-for-worker', onEvent: (event) => ticks.push(event) },
    );
    await until(() => ticks.length >= 3);
    const before = clientEvents.length;
    stop.abort();
    const answer = await call;
    expect(answer.aborted).toBe(true);
    expect(answer.ticks).toBeGreaterThanOrEqual(3);
    // The call's own events went to its onEvent, in order, and not to the client's.
    expect(ticks.map((event) => (event.type === 'tick' ? event.n : 0))).toEqual(
      Array.from({ length: ticks.length }, (_, i) => i + 1),
    );
    expect(clientEvents.length).toBe(before);
  });

  it('rejects pending calls when disposed, and new calls after', async () => {
    const local = await startTestRpc(1);
    const running = expect(local.call('wait', { tag: 'long', ms: 30_000 })).rejects.toThrow(/disposed/);
    const queued = expect(local.call('echo', { text: 'never' })).rejects.toThrow(/disposed/);
    await local.dispose();
    await Promise.all([running, queued]);
    await expect(local.call('echo', { text: 'late' })).rejects.toThrow(/disposed/);
  });
});

describe('WorkerRpc start', () => {
  it("fails with the worker's set-up error, name and message kept", async () => {
    const start = WorkerRpc.start<TestMethods>({
      url: new URL('./fixtures/rpc-init-error.worker.ts', import.meta.url),
      size: 2,
      makeError: (message, name) => Object.assign(new Error(`Trainer - ${message}`), { name }),
    });
    await expect(start).rejects.toMatchObject({
      name: 'RangeError',
      message: 'Trainer - worker failed to start: no backend could be loaded',
    });
  });
});

describe('serveWorkerRpc on a MessagePort', () => {
  it('refuses unknown methods and never starts a request cancelled while it waits its turn', async () => {
    const { port1, port2 } = new MessageChannel();
    const ran: string[] = [];
    serveWorkerRpc<TestMethods, TestReady>(
      () => ({
        ready: { thread: 0 },
        handlers: {
          echo: ({ text }) => {
            ran.push(text);
            return { text, thread: 0 };
          },
          sum: () => 0,
          fail: () => Promise.reject(new Error('unused')),
          wait: ({ ms }) =>
            new Promise((resolve) => setTimeout(() => resolve({ aborted: false, ticks: 0 }), ms)),
          started: () => [],
          crash: () => Promise.reject(new Error('unused')),
        },
      }),
      port1,
    );
    const answers: RpcWorkerMessage[] = [];
    port2.on('message', (message: RpcWorkerMessage) => answers.push(message));
    // Requests run one at a time: the echo waits behind a 50 ms wait, and is cancelled meanwhile.
    port2.postMessage({ type: 'request', id: 1, method: 'nope', request: {} });
    port2.postMessage({ type: 'request', id: 2, method: 'wait', request: { tag: 'a', ms: 50 } });
    port2.postMessage({ type: 'request', id: 3, method: 'echo', request: { text: 'dropped' } });
    port2.postMessage({ type: 'request', id: 4, method: 'echo', request: { text: 'served' } });
    port2.postMessage({ type: 'cancel', id: 3 });
    await until(() => answers.length === 5);
    port1.close();
    expect(answers).toEqual([
      { type: 'ready', info: { thread: 0 } },
      { type: 'error', id: 1, name: 'Error', message: 'unknown method nope' },
      { type: 'response', id: 2, response: { aborted: false, ticks: 0 } },
      { type: 'error', id: 3, name: 'AbortError', message: 'aborted' },
      { type: 'response', id: 4, response: { text: 'served', thread: 0 } },
    ]);
    expect(ran).toEqual(['served']);
  });
});

/** Compile-time checks: the method map types requests and responses (never called). */
export function typeChecks(rpc: TestRpc): void {
  // @ts-expect-error: a method the worker does not serve
  void rpc.call('nope', {});
  // @ts-expect-error: echo's request has a string `text`
  void rpc.call('echo', { text: 1 });
  // @ts-expect-error: sum answers a number
  void rpc.call('sum', { values: new Float64Array(1) }).then((answer: string) => answer);
}
