import type { JobOwner, JobRepository, JobRow, RunningJob } from '../catalog/job.repository';
import type { EventSink } from '../platform/event-bus';
import { diskFullMessage, isDiskFull, UserError } from '../util/errors';
import { heartbeatMs, isOwnerAlive, newJobOwner } from './job-owner';
import {
  JobFailedError,
  type JobEvents,
  type JobHandlers,
  type JobKind,
  type JobKinds,
  type JobView,
} from './job-types';
import type { JobProgress } from './progress';

/** Progress events are sent at most this often per job; state changes are always sent. */
const progressEventMs = 150;

/** How often a job waiting for another process's job asks again. */
const writerPollMs = 500;

const finished: ReadonlySet<JobRow['state']> = new Set(['done', 'failed', 'cancelled', 'superseded']);
const resumable: ReadonlySet<JobRow['state']> = new Set(['interrupted', 'failed', 'cancelled']);

interface Running {
  id: number;
  controller: AbortController;
}

/** How a job ended, known in memory even when the catalog could not record it (a full disk). */
interface Outcome {
  state: 'done' | 'failed' | 'cancelled';
  result: unknown;
  error: string | null;
}

/**
 * Runs jobs one at a time in submission order (they all write the catalog), persists their state so that
 * a job cut short by a crash is shown as interrupted and can be resumed, and publishes progress events.
 * Processes sharing a catalog take turns: a job runs only while no live job of another process runs, and
 * waits (saying for which process) otherwise. The catalog is held per job, never per process.
 */
export class JobQueue {
  readonly owner: JobOwner = newJobOwner();
  private readonly queue: number[] = [];
  private running: Running | null = null;
  private readonly waiters = new Map<number, Array<(job: JobView) => void>>();
  private drained: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly jobs: JobRepository,
    private readonly handlers: JobHandlers,
    private readonly events: EventSink<JobEvents>,
  ) {}

  /** At boot: jobs whose process died become resumable; jobs of live processes are left alone. */
  boot(): void {
    this.jobs.interruptOrphans((owner) => isOwnerAlive(owner, this.owner));
  }

  /** Queues a job and returns its id at once. */
  enqueue<K extends JobKind>(kind: K, payload: JobKinds[K]['payload']): number {
    const id = this.jobs.create(kind, payload, this.owner);
    this.schedule(id);
    return id;
  }

  /** Runs an interrupted, failed or cancelled job again with its original payload. */
  resume(id: number): void {
    const row = this.require(id);
    if (!resumable.has(row.state) || this.isPending(id)) {
      throw new UserError(
        `job ${id} is ${row.state}; only interrupted, failed or cancelled jobs can be resumed`,
        'conflict',
      );
    }
    this.jobs.adopt(id, this.owner);
    this.jobs.setState(id, 'queued');
    this.schedule(id);
  }

  /** Cancels a queued or running job; a running one stops at its next safe point. Finished: no-op. */
  cancel(id: number): void {
    const row = this.require(id);
    if (this.running?.id === id) {
      this.running.controller.abort();
      return;
    }
    const index = this.queue.indexOf(id);
    if (index >= 0) this.queue.splice(index, 1);
    else if (row.state === 'running' || row.state === 'queued') {
      throw new UserError(`job ${id} belongs to another FaceAtlas process; cancel it there`, 'conflict');
    }
    if (row.state === 'queued' || row.state === 'interrupted') this.setState(id, 'cancelled');
  }

  /** Resolves when the job has ended (done, failed or cancelled). */
  async waitFor(id: number): Promise<JobView> {
    const view = this.get(id);
    if (view && finished.has(view.state) && !this.isPending(id)) return view;
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

  /** Cancels the running job, leaves queued ones interrupted (resumable at the next start) and waits. */
  async shutdown(): Promise<void> {
    this.queue.length = 0;
    this.running?.controller.abort();
    await this.drained;
    this.tryWrite(() => this.jobs.interruptQueued(this.owner));
  }

  private isPending(id: number): boolean {
    return this.running?.id === id || this.queue.includes(id);
  }

  private require(id: number): JobRow {
    const row = this.jobs.get(id);
    if (!row) throw new UserError(`no job ${id}`, 'not-found');
    return row;
  }

  private schedule(id: number): void {
    this.queue.push(id);
    this.publish(id);
    if (!this.running) this.drained = this.drain();
  }

  private async drain(): Promise<void> {
    this.heartbeat ??= setInterval(() => this.tryWrite(() => this.jobs.heartbeat(this.owner)), heartbeatMs);
    this.heartbeat.unref();
    try {
      for (let id = this.queue.shift(); id !== undefined; id = this.queue.shift()) await this.run(id);
    } finally {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }

  private async run(id: number): Promise<void> {
    const row = this.require(id);
    const controller = new AbortController();
    this.running = { id, controller };
    let outcome: Outcome;
    try {
      outcome = (await this.waitForWriter(id, controller.signal))
        ? await this.execute(row, controller)
        : { state: 'cancelled', result: null, error: null };
    } catch (error) {
      // Only the catalog can fail here (claiming the writer slot): the job could not start.
      outcome = { state: 'failed', result: null, error: describe(error) };
    }
    this.running = null;
    this.tryWrite(() => {
      this.jobs.finish(id, outcome.state, outcome.result, outcome.error);
      if (outcome.state === 'done') this.jobs.supersedeEarlier(id);
    });
    this.publish(id, outcome);
    this.settle(id, outcome);
  }

  /** Runs the handler; its error becomes the job's error, with what it committed (JobFailedError). */
  private async execute(row: JobRow, controller: AbortController): Promise<Outcome> {
    const { id } = row;
    this.publish(id);
    let lastEvent = 0;
    // The event carries the job as stored, so each (throttled) report is saved, then published.
    const reportProgress = (progress: JobProgress): void => {
      const now = performance.now();
      if (now - lastEvent < progressEventMs) return;
      this.tryWrite(() => this.jobs.saveProgress(id, progress));
      this.publish(id);
      lastEvent = now;
    };
    try {
      const handler = this.handlers[row.kind as JobKind];
      const result: unknown = await handler(JSON.parse(row.payload) as never, {
        jobId: id,
        signal: controller.signal,
        reportProgress,
      });
      return { state: controller.signal.aborted ? 'cancelled' : 'done', result, error: null };
    } catch (error) {
      const partial = error instanceof JobFailedError ? error.partialResult : null;
      return { state: 'failed', result: partial, error: describe(error) };
    }
  }

  /**
   * Takes the catalog's writer slot for a job, waiting while a live job of another process holds it.
   * Returns false when the job was cancelled while it waited.
   */
  private async waitForWriter(id: number, signal: AbortSignal): Promise<boolean> {
    let waitingFor: number | null = null;
    for (;;) {
      if (signal.aborted) return false;
      const holder = this.tryClaim(id);
      if (!holder) return true;
      if (holder !== 'busy' && holder.id !== waitingFor) {
        waitingFor = holder.id;
        this.reportWaiting(id, holder);
      }
      await new Promise((resolve) => setTimeout(resolve, writerPollMs));
    }
  }

  /** Claims the writer slot; 'busy' when another process held SQLite's write lock past the busy timeout. */
  private tryClaim(id: number): RunningJob | 'busy' | null {
    try {
      return this.jobs.claimWriter(id, this.owner, (owner) => isOwnerAlive(owner, this.owner));
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return 'busy';
      throw error;
    }
  }

  private reportWaiting(id: number, holder: RunningJob): void {
    const who = holder.owner ? `process ${holder.owner.pid}` : 'another process';
    const detail = `waiting for ${who} (${holder.kind} job ${holder.id}) to finish`;
    const progress: JobProgress = { phase: 'waiting', done: 0, total: 0, rate: 0, etaSeconds: null, detail };
    this.tryWrite(() => this.jobs.saveProgress(id, progress));
    this.publish(id);
  }

  private setState(id: number, state: JobRow['state'], error: string | null = null): void {
    this.jobs.setState(id, state, error);
    this.publish(id);
  }

  /** The job as stored, with the outcome known in memory laid over it (the store may have failed). */
  private viewOf(id: number, outcome?: Outcome): JobView | undefined {
    let view: JobView | undefined;
    try {
      view = this.get(id);
    } catch {
      view = undefined;
    }
    return view && outcome ? { ...view, ...outcome } : view;
  }

  private publish(id: number, outcome?: Outcome): void {
    const view = this.viewOf(id, outcome);
    if (view) this.events.emit('job.progress', view);
  }

  private settle(id: number, outcome: Outcome): void {
    const view = this.viewOf(id, outcome);
    const list = this.waiters.get(id);
    this.waiters.delete(id);
    if (view) for (const resolve of list ?? []) resolve(view);
  }

  /**
   * Book-keeping writes (progress, state, heartbeat) must not crash the queue when the catalog cannot be
   * written (a full disk): the job's outcome is still known in memory and reported to its waiters, and a
   * job left `running` is found orphaned, and resumable, at the next start.
   */
  private tryWrite(write: () => void): void {
    try {
      write();
    } catch {
      // Nothing more to do here: see above.
    }
  }
}

/** A job's one-line error: a full disk is said plainly, whichever layer found it. */
function describe(error: unknown): string {
  if (isDiskFull(error)) return diskFullMessage;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
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
