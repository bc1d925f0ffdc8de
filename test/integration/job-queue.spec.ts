import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src-main/api/events';
import { openCatalogDb, type Db } from '../../src-main/catalog/db';
import { JobRepository } from '../../src-main/catalog/job.repository';
import { initialSchema } from '../../src-main/catalog/migrations/001-initial';
import { facesSchema } from '../../src-main/catalog/migrations/002-faces';
import { JobQueue } from '../../src-main/jobs/job-queue';
import { JobFailedError, type JobHandlers, type JobView } from '../../src-main/jobs/job-types';
import type { TrainJobInput, TrainSummary } from '../../src-main/training/run/train-job-types';
import { UserError } from '../../src-main/util/errors';
import { makeTempDir } from '../support/temp';

type Temp = Awaited<ReturnType<typeof makeTempDir>>;

/** Handlers whose import and train jobs end when the test says so (index jobs end at once). */
function controllableHandlers() {
  const release = { import: [] as Array<() => void>, train: [] as Array<() => void> };
  const held = (kind: keyof typeof release, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      release[kind].push(resolve);
      signal.addEventListener('abort', () => resolve());
    });
  const handlers = {
    import: async (payload: { folders: string[] }, run: { signal: AbortSignal }) => {
      await held('import', run.signal);
      if (payload.folders[0] === 'fail') throw new JobFailedError('disk full', { committed: 3 });
      return { folders: payload.folders };
    },
    index: () => Promise.resolve({ photos: 0, faces: 0, failed: 0, errors: [] }),
    train: async (payload: TrainJobInput, run: { signal: AbortSignal }): Promise<TrainSummary> => {
      await held('train', run.signal);
      const status = run.signal.aborted ? 'stopped' : 'completed';
      return { runId: payload.runId, status, backend: 'cpu', metrics: {}, seconds: 1, modelId: null };
    },
  } as unknown as JobHandlers;
  return {
    handlers,
    finishNext: (kind: keyof typeof release = 'import') => release[kind].shift()?.(),
  };
}

const importPayload = (folder: string) => ({ folders: [folder], labelsFromFolders: false });
const trainPayload = (runId: number): TrainJobInput => ({ runId, resume: false });

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('job queue', () => {
  let temp: Temp;
  let db: Db;
  let repository: JobRepository;

  beforeEach(async () => {
    temp = await makeTempDir('jobs');
    db = openCatalogDb(temp.dir);
    repository = new JobRepository(db);
  });

  afterEach(async () => {
    db.close();
    await temp.cleanup();
  });

  it('answers unknown ids and finished jobs with user errors, not crashes', async () => {
    const { handlers } = controllableHandlers();
    const queue = new JobQueue(repository, handlers, new EventBus());
    expect(() => queue.cancel(999)).toThrow(UserError);
    expect(() => queue.resume(999)).toThrow(/no job 999/);
    const id = queue.enqueue('index', { all: false });
    expect((await queue.waitFor(id)).state).toBe('done');
    let error: unknown;
    try {
      queue.resume(id);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('conflict');
    await queue.shutdown();
  });

  it('keeps what a failed job committed, with its error', async () => {
    const { handlers, finishNext } = controllableHandlers();
    const queue = new JobQueue(repository, handlers, new EventBus());
    const id = queue.enqueue('import', importPayload('fail'));
    await until(() => queue.get(id)?.state === 'running');
    finishNext();
    const view = await queue.waitFor(id);
    expect(view).toMatchObject({ state: 'failed', error: 'disk full', result: { committed: 3 } });
    expect(queue.get(id)).toMatchObject({ state: 'failed', result: { committed: 3 } });
    await queue.shutdown();
  });

  it('leaves a live process alone at boot and interrupts only a dead one', async () => {
    const live = new JobQueue(repository, controllableHandlers().handlers, new EventBus());
    const running = live.enqueue('import', importPayload('a'));
    await until(() => live.get(running)?.state === 'running');
    // A job whose process is gone (no such pid, heartbeat long past).
    const orphan = repository.create('import', importPayload('b'), {
      token: 'dead',
      pid: 2 ** 22 + 7,
      host: 'x',
    });
    db.prepare('UPDATE jobs SET state = ?, heartbeat = 0 WHERE id = ?').run('running', orphan);

    // A second process opening the catalog, e.g. `faceatlas stats`.
    const reader = new JobQueue(new JobRepository(db), controllableHandlers().handlers, new EventBus());
    reader.boot();
    expect(reader.get(running)?.state).toBe('running');
    expect(reader.get(orphan)?.state).toBe('interrupted');
    live.cancel(running);
    await live.shutdown();
  });

  it('runs one writing job at a time across queues, the second waiting and saying for whom', async () => {
    const first = controllableHandlers();
    const second = controllableHandlers();
    const a = new JobQueue(repository, first.handlers, new EventBus());
    const bEvents = new EventBus();
    const seen: JobView[] = [];
    bEvents.onAny((name, payload) => name === 'job.progress' && seen.push(payload as JobView));
    const b = new JobQueue(new JobRepository(db), second.handlers, bEvents);
    const jobA = a.enqueue('import', importPayload('a'));
    await until(() => a.get(jobA)?.state === 'running');
    const jobB = b.enqueue('import', importPayload('b'));
    await until(() => seen.some((view) => view.progress?.phase === 'waiting'));
    expect(b.get(jobB)?.state).toBe('queued');
    const waiting = seen.find((view) => view.progress?.phase === 'waiting');
    expect(waiting?.progress?.detail).toBe(
      `waiting for process ${process.pid} (import job ${jobA}) to finish`,
    );
    first.finishNext();
    await until(() => b.get(jobB)?.state === 'running');
    expect(a.get(jobA)?.state).toBe('done');
    second.finishNext();
    expect((await b.waitFor(jobB)).state).toBe('done');
    await Promise.all([a.shutdown(), b.shutdown()]);
  });

  it('runs an import while a training job runs, and training jobs one after another', async () => {
    const { handlers, finishNext } = controllableHandlers();
    const queue = new JobQueue(repository, handlers, new EventBus());
    const firstRun = queue.enqueue('train', trainPayload(1));
    await until(() => queue.get(firstRun)?.state === 'running');
    const secondRun = queue.enqueue('train', trainPayload(2));
    const imported = queue.enqueue('import', importPayload('a'));
    await until(() => queue.get(imported)?.state === 'running');
    expect(queue.get(firstRun)?.state).toBe('running');
    expect(queue.get(secondRun)?.state).toBe('queued');
    finishNext('import');
    expect((await queue.waitFor(imported)).state).toBe('done');
    expect(queue.get(firstRun)?.state).toBe('running');
    expect(queue.get(secondRun)?.state).toBe('queued');
    finishNext('train');
    await until(() => queue.get(secondRun)?.state === 'running');
    const first = await queue.waitFor(firstRun);
    // JobView is discriminated by kind: a train job's result is a TrainSummary, read without a cast.
    expect(first.kind === 'train' && first.result?.runId).toBe(1);
    finishNext('train');
    expect(await queue.waitFor(secondRun)).toMatchObject({
      kind: 'train',
      state: 'done',
      payload: { runId: 2 },
      result: { runId: 2, status: 'completed' },
    });
    await queue.shutdown();
  });

  it('cancels a queued training job without touching the running one or the catalog lane', async () => {
    const { handlers, finishNext } = controllableHandlers();
    const queue = new JobQueue(repository, handlers, new EventBus());
    const running = queue.enqueue('train', trainPayload(1));
    await until(() => queue.get(running)?.state === 'running');
    const queued = queue.enqueue('train', trainPayload(2));
    queue.cancel(queued);
    expect(queue.get(queued)?.state).toBe('cancelled');
    const index = queue.enqueue('index', { all: false });
    expect((await queue.waitFor(index)).state).toBe('done');
    queue.cancel(running);
    expect(await queue.waitFor(running)).toMatchObject({ state: 'cancelled', result: { status: 'stopped' } });
    expect(finishNext('train')).toBeUndefined(); // the cancelled queued run never started
    await queue.shutdown();
  });

  it('waits across processes only for a live job of the same lane', async () => {
    const first = controllableHandlers();
    const second = controllableHandlers();
    const a = new JobQueue(repository, first.handlers, new EventBus());
    const bEvents = new EventBus();
    const seen: JobView[] = [];
    bEvents.onAny((name, payload) => name === 'job.progress' && seen.push(payload as JobView));
    const b = new JobQueue(new JobRepository(db), second.handlers, bEvents);
    const runA = a.enqueue('train', trainPayload(1));
    await until(() => a.get(runA)?.state === 'running');
    // The other process imports at once: a training run does not hold the catalog lane.
    const importB = b.enqueue('import', importPayload('b'));
    await until(() => b.get(importB)?.state === 'running');
    const runB = b.enqueue('train', trainPayload(2));
    await until(() => seen.some((view) => view.id === runB && view.progress?.phase === 'waiting'));
    expect(b.get(runB)).toMatchObject({
      state: 'queued',
      progress: { detail: `waiting for process ${process.pid} (train job ${runA}) to finish` },
    });
    first.finishNext('train');
    await until(() => b.get(runB)?.state === 'running');
    second.finishNext('import');
    second.finishNext('train');
    expect((await b.waitFor(importB)).state).toBe('done');
    expect((await b.waitFor(runB)).state).toBe('done');
    await Promise.all([a.shutdown(), b.shutdown()]);
  });

  it('shuts down every lane: running jobs cancelled, queued ones left interrupted', async () => {
    const { handlers } = controllableHandlers();
    const queue = new JobQueue(repository, handlers, new EventBus());
    const run = queue.enqueue('train', trainPayload(1));
    const imported = queue.enqueue('import', importPayload('a'));
    await until(() => queue.get(run)?.state === 'running' && queue.get(imported)?.state === 'running');
    const queuedRun = queue.enqueue('train', trainPayload(2));
    const queuedImport = queue.enqueue('import', importPayload('b'));
    await queue.shutdown();
    expect(queue.get(run)?.state).toBe('cancelled');
    expect(queue.get(imported)?.state).toBe('cancelled');
    expect(queue.get(queuedRun)?.state).toBe('interrupted');
    expect(queue.get(queuedImport)?.state).toBe('interrupted');
  });

  it('marks earlier interrupted runs of the same job superseded once a later run finishes', async () => {
    const stale = repository.create('import', importPayload('a'), { token: 'dead', pid: 1, host: 'x' });
    repository.setState(stale, 'interrupted');
    const other = repository.create('import', importPayload('other'), { token: 'dead', pid: 1, host: 'x' });
    repository.setState(other, 'interrupted');
    const { handlers, finishNext } = controllableHandlers();
    const queue = new JobQueue(repository, handlers, new EventBus());
    const id = queue.enqueue('import', importPayload('a'));
    await until(() => queue.get(id)?.state === 'running');
    finishNext();
    await queue.waitFor(id);
    expect(queue.get(stale)?.state).toBe('superseded');
    expect(queue.get(other)?.state).toBe('interrupted');
    await queue.shutdown();
  });
});

describe('migration 3 (job owners, superseded state)', () => {
  it('keeps the jobs of an older catalog and accepts the new state', async () => {
    const temp = await makeTempDir('migrate');
    try {
      const file = path.join(temp.dir, 'catalog.db');
      const old = new Database(file);
      old.exec(initialSchema);
      old.exec(facesSchema);
      old.pragma('user_version = 2');
      old
        .prepare(
          `INSERT INTO jobs (kind, state, payload, result) VALUES ('import', 'interrupted', '{}', '{"x":1}')`,
        )
        .run();
      old.close();
      const db = openCatalogDb(temp.dir);
      const repository = new JobRepository(db);
      expect(repository.get(1)).toMatchObject({ kind: 'import', state: 'interrupted', result: '{"x":1}' });
      repository.setState(1, 'superseded');
      expect(repository.get(1)?.state).toBe('superseded');
      expect(() => repository.setState(1, 'bogus' as never)).toThrow(/CHECK/);
      db.close();
    } finally {
      await temp.cleanup();
    }
  });
});
