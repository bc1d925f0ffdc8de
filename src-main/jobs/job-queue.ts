import type { EventBus } from '../app/event-bus';
import type { JobRepository, JobRow } from '../catalog/job.repository';
import type { JobHandlers, JobKind, JobKinds, JobView } from './job-types';
import type { JobProgress } from './progress';

/** Progress events are sent at most this often per job; state changes are always sent. */
const progressEventMs = 150;

interface Running {
  id: number;
  controller: AbortController;
}

/**
 * Runs jobs one at a time in submission order (they all write the catalog), persists their state so that
 * a job cut short by a crash is shown as interrupted and can be resumed, and publishes progress events.
 */
export class JobQueue {
  private readonly queue: number[] = [];
  private running: Running | null = null;
  private readonly waiters = new Map<number, Array<(job: JobView) => void>>();
  private drained: Promise<void> = Promise.resolve();

  constructor(
    private readonly jobs: JobRepository,
    private readonly handlers: JobHandlers,
    private readonly events: EventBus,
  ) {}

  /** At boot: jobs that were running when the last process died become resumable. */
  boot(): void {
    this.jobs.interruptUnfinished();
  }

  /** Queues a job and returns its id at once. */
  enqueue<K extends JobKind>(kind: K, payload: JobKinds[K]['payload']): number {
    const id = this.jobs.create(kind, payload);
    this.schedule(id);
    return id;
  }

  /** Runs an interrupted, failed or cancelled job again with its original payload. */
  resume(id: number): void {
    const row = this.require(id);
    if (!['interrupted', 'failed', 'cancelled'].includes(row.state)) {
      throw new Error(`job ${id} is ${row.state}; only interrupted, failed or cancelled jobs can be resumed`);
    }
    this.jobs.setState(id, 'queued');
    this.schedule(id);
  }

  /** Cancels a queued or running job; a running one stops at its next safe point. */
  cancel(id: number): void {
    const row = this.require(id);
    if (this.running?.id === id) {
      this.running.controller.abort();
      return;
    }
    const index = this.queue.indexOf(id);
    if (index >= 0) this.queue.splice(index, 1);
    if (row.state === 'queued' || row.state === 'interrupted') this.setState(id, 'cancelled');
  }

  /** Resolves when the job has ended (done, failed or cancelled). */
  async waitFor(id: number): Promise<JobView> {
    const view = this.get(id);
    if (view && ['done', 'failed', 'cancelled'].includes(view.state) && !this.isPending(id)) return view;
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
    });
  }

  get(id: number): JobView | undefined {
    const row = this.jobs.get(id);
    return row ? toView(row) : undefined;
  }

  list(limit = 50): JobView[] {
    return this.jobs.recent(limit).map(toView);
  }

  /** Cancels the running job, forgets queued ones (they stay queued in the catalog) and waits. */
  async shutdown(): Promise<void> {
    this.queue.length = 0;
    this.running?.controller.abort();
    await this.drained;
  }

  private isPending(id: number): boolean {
    return this.running?.id === id || this.queue.includes(id);
  }

  private require(id: number): JobRow {
    const row = this.jobs.get(id);
    if (!row) throw new Error(`no job ${id}`);
    return row;
  }

  private schedule(id: number): void {
    this.queue.push(id);
    this.publish(id);
    if (!this.running) this.drained = this.drain();
  }

  private async drain(): Promise<void> {
    for (let id = this.queue.shift(); id !== undefined; id = this.queue.shift()) {
      await this.run(id);
    }
  }

  private async run(id: number): Promise<void> {
    const row = this.require(id);
    const kind = row.kind as JobKind;
    const controller = new AbortController();
    this.running = { id, controller };
    this.setState(id, 'running');
    let lastEvent = 0;
    // The event carries the job as stored, so each (throttled) report is saved, then published.
    const reportProgress = (progress: JobProgress): void => {
      const now = performance.now();
      if (now - lastEvent < progressEventMs) return;
      this.jobs.saveProgress(id, progress);
      this.publish(id);
      lastEvent = now;
    };
    try {
      const handler = this.handlers[kind];
      const result = await handler(JSON.parse(row.payload) as never, {
        jobId: id,
        signal: controller.signal,
        reportProgress,
      });
      this.jobs.finish(id, result);
      if (controller.signal.aborted) this.setState(id, 'cancelled');
      else this.publish(id);
    } catch (error) {
      this.setState(id, 'failed', error instanceof Error ? error.message : String(error));
    } finally {
      this.running = null;
      this.settle(id);
    }
  }

  private setState(id: number, state: JobRow['state'], error: string | null = null): void {
    this.jobs.setState(id, state, error);
    this.publish(id);
  }

  private publish(id: number): void {
    const view = this.get(id);
    if (view) this.events.emit('job.progress', view);
  }

  private settle(id: number): void {
    const view = this.get(id);
    const list = this.waiters.get(id);
    this.waiters.delete(id);
    if (view) for (const resolve of list ?? []) resolve(view);
  }
}

function toView(row: JobRow): JobView {
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
  };
}
