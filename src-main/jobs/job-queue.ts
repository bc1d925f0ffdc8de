import type { JobOwner, JobRepository, JobRow, RunningJob } from '../catalog/job.repository';
import type { EventSink } from '../platform/event-bus';
import { diskFullMessage, isDiskFull, UserError } from '../util/errors';
import { laneOf, type JobLane } from './job-lanes';
import { heartbeatMs, isOwnerAlive, newJobOwner } from './job-owner';
import {
  JobFailedError,
  type JobEvents,
  type JobHandler,
  type JobHandlers,
  type JobKind,
  type JobKinds,
  type JobResult,
  type JobView,
} from './job-types';
import { toJobView } from './job-view';
import { takeLaneSlot } from './lane-slot';
import type { JobProgress } from './progress';

/** Progress events are sent at most this often per job; state changes are always sent. */
const progressEventMs = 150;

const finished: ReadonlySet<JobRow['state']> = new Set(['done', 'failed', 'cancelled', 'superseded']);
const resumable: ReadonlySet<JobRow['state']> = new Set(['interrupted', 'failed', 'cancelled']);

interface Running {
  id: number;
  controller: AbortController;
}

/** One lane's jobs: queued in submission order, at most one running. */
interface Lane {
  name: JobLane;
  queue: number[];
  running: Running | null;
  /** True from the first job taken until the queue is empty: a second drain would run two at once. */
  draining: boolean;
  drained: Promise<void>;
}

/** How a job ended, known in memory even when the catalog could not record it (a full disk). */
interface Outcome {
  state: 'done' | 'failed' | 'cancelled';
  result: JobResult;
  error: string | null;
}

/**
 * Runs jobs in lanes (job-lanes.ts): one at a time per lane in submission order, lanes side by side, so a
 * training run never holds up an import. Persists their state so that a job cut short by a crash is shown
 * as interrupted and can be resumed, and publishes progress events. Processes sharing a catalog take
 * turns per lane: a job runs only while no live job of the same lane of another process runs, and waits
 * (saying for which process) otherwise. The catalog is held per job, never per process.
 */
export class JobQueue {
  readonly owner: JobOwner = newJobOwner();
  private readonly lanes = new Map<JobLane, Lane>();
  private readonly waiters = new Map<number, Array<(job: JobView) => void>>();
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
    this.schedule(id, kind);
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
    this.schedule(id, row.kind);
  }

  /** Cancels a queued or running job; a running one stops at its next safe point. Finished: no-op. */
  cancel(id: number): void {
    const row = this.require(id);
    const lane = this.lane(laneOf(row.kind));
    if (lane.running?.id === id) {
      lane.running.controller.abort();
      return;
    }
    const index = lane.queue.indexOf(id);
    if (index >= 0) lane.queue.splice(index, 1);
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
    return row ? toJobView(row) : undefined;
  }

  list(limit = 50): JobView[] {
    return this.jobs.recent(limit).map(toJobView);
  }

  /** Cancels the running jobs, leaves queued ones interrupted (resumable at the next start) and waits. */
  async shutdown(): Promise<void> {
    const lanes = [...this.lanes.values()];
    for (const lane of lanes) {
      lane.queue.length = 0;
      lane.running?.controller.abort();
    }
    await Promise.all(lanes.map((lane) => lane.drained));
    this.tryWrite(() => this.jobs.interruptQueued(this.owner));
  }

  private isPending(id: number): boolean {
    for (const lane of this.lanes.values()) {
      if (lane.running?.id === id || lane.queue.includes(id)) return true;
    }
    return false;
  }

  private lane(name: JobLane): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { name, queue: [], running: null, draining: false, drained: Promise.resolve() };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private require(id: number): JobRow {
    const row = this.jobs.get(id);
    if (!row) throw new UserError(`no job ${id}`, 'not-found');
    return row;
  }

  private schedule(id: number, kind: string): void {
    const lane = this.lane(laneOf(kind));
    lane.queue.push(id);
    this.publish(id);
    if (!lane.draining) lane.drained = this.drain(lane);
  }

  private async drain(lane: Lane): Promise<void> {
    lane.draining = true;
    this.heartbeat ??= setInterval(() => this.tryWrite(() => this.jobs.heartbeat(this.owner)), heartbeatMs);
    this.heartbeat.unref();
    try {
      for (let id = lane.queue.shift(); id !== undefined; id = lane.queue.shift()) await this.run(lane, id);
    } finally {
      lane.draining = false;
      // The heartbeat serves every lane: it stops with the last one to go idle.
      if (![...this.lanes.values()].some((other) => other.draining) && this.heartbeat) {
        clearInterval(this.heartbeat);
        this.heartbeat = null;
      }
    }
  }

  private async run(lane: Lane, id: number): Promise<void> {
    const row = this.require(id);
    const controller = new AbortController();
    lane.running = { id, controller };
    let outcome: Outcome;
    try {
      const { jobs, owner } = this;
      const onWaiting = (holder: RunningJob): void => this.reportWaiting(id, holder);
      outcome = (await takeLaneSlot({
        jobs,
        owner,
        id,
        lane: lane.name,
        signal: controller.signal,
        onWaiting,
      }))
        ? await this.execute(row, controller)
        : { state: 'cancelled', result: null, error: null };
    } catch (error) {
      // Only the catalog can fail here (claiming the writer slot): the job could not start.
      outcome = { state: 'failed', result: null, error: describe(error) };
    }
    lane.running = null;
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
      // A kind this version has no handler for: a job queued by a newer FaceAtlas, resumed here.
      if (!Object.hasOwn(this.handlers, row.kind)) throw new Error(`no handler for ${row.kind} jobs`);
      const handler = this.handlers[row.kind as JobKind] as JobHandler<JobKind>;
      const result: JobResult = await handler(JSON.parse(row.payload) as never, {
        jobId: id,
        signal: controller.signal,
        reportProgress,
      });
      return { state: controller.signal.aborted ? 'cancelled' : 'done', result, error: null };
    } catch (error) {
      // What a handler commits before failing is its kind's result, partly filled (an import's summary).
      const partial = error instanceof JobFailedError ? (error.partialResult as JobResult) : null;
      return { state: 'failed', result: partial, error: describe(error) };
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
    // The outcome came from this job's handler, so its result is of the view's kind.
    return view && outcome ? ({ ...view, ...outcome } as JobView) : view;
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
