import type { Db } from './db';

export type JobState =
  | 'queued'
  | 'running'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'interrupted'
  /** Interrupted, failed or cancelled, and a later run of the same job has since finished its work. */
  | 'superseded';

/** The process that queued or runs a job: a random token per job queue, plus where it runs. */
export interface JobOwner {
  token: string;
  pid: number;
  host: string;
}

/** A job's owner as stored, with its last heartbeat (ms since the epoch). */
export interface StoredJobOwner extends JobOwner {
  heartbeat: number;
}

export interface JobRow {
  id: number;
  kind: string;
  state: JobState;
  progress: string;
  payload: string;
  result: string | null;
  error: string | null;
  created: string;
  updated: string;
}

/** A job that holds the catalog's writer slot, as another process sees it. */
export interface RunningJob {
  id: number;
  kind: string;
  owner: StoredJobOwner | null;
}

/** Decides whether a job's owner is still alive (see jobs/job-owner.ts). */
export type OwnerAlive = (owner: StoredJobOwner | null) => boolean;

/** Decides whether a running job of this kind holds up the job being claimed (see jobs/job-lanes.ts). */
export type KindFilter = (kind: string) => boolean;

interface OwnedRow {
  id: number;
  kind: string;
  owner: string | null;
  ownerPid: number | null;
  ownerHost: string | null;
  heartbeat: number | null;
}

const active = `state IN ('queued', 'running')`;

/**
 * Persisted jobs, so that a job cut short by a crash or quit can be shown and resumed at the next start,
 * and so that processes sharing a catalog run one writing job at a time: a job's `running` state, with its
 * owner and heartbeat, is the catalog's writer slot.
 */
export class JobRepository {
  private readonly statements;
  private readonly claimTransaction;

  constructor(db: Db) {
    const now = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
    const owned = `id, kind, owner, owner_pid AS ownerPid, owner_host AS ownerHost, heartbeat`;
    this.statements = {
      create: db.prepare(
        `INSERT INTO jobs (kind, state, payload, owner, owner_pid, owner_host, heartbeat)
         VALUES (?, 'queued', ?, ?, ?, ?, ?)`,
      ),
      setState: db.prepare(`UPDATE jobs SET state = ?, error = ?, updated = ${now} WHERE id = ?`),
      setOwner: db.prepare(
        `UPDATE jobs SET owner = ?, owner_pid = ?, owner_host = ?, heartbeat = ? WHERE id = ?`,
      ),
      setResult: db.prepare(
        `UPDATE jobs SET state = ?, result = ?, error = ?, updated = ${now} WHERE id = ?`,
      ),
      setProgress: db.prepare(`UPDATE jobs SET progress = ?, updated = ${now} WHERE id = ?`),
      get: db.prepare('SELECT * FROM jobs WHERE id = ?'),
      recent: db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?'),
      active: db.prepare(`SELECT ${owned}, state FROM jobs WHERE ${active}`),
      running: db.prepare(`SELECT ${owned} FROM jobs WHERE state = 'running' AND id <> ?`),
      interrupt: db.prepare(`UPDATE jobs SET state = 'interrupted', updated = ${now} WHERE id = ?`),
      heartbeat: db.prepare(`UPDATE jobs SET heartbeat = ? WHERE owner = ? AND ${active}`),
      interruptOwn: db.prepare(
        `UPDATE jobs SET state = 'interrupted', updated = ${now} WHERE owner = ? AND state = 'queued'`,
      ),
      supersede: db.prepare(
        `UPDATE jobs SET state = 'superseded', updated = ${now}
         WHERE kind = ? AND payload = ? AND id <> ? AND state IN ('interrupted', 'failed', 'cancelled')`,
      ),
    };
    // IMMEDIATE: two processes claiming at once are serialised by SQLite's write lock, so one wins.
    this.claimTransaction = db.transaction(
      (id: number, owner: JobOwner, alive: OwnerAlive, contends: KindFilter): RunningJob | null => {
        for (const row of this.statements.running.all(id) as OwnedRow[]) {
          if (!contends(row.kind)) continue;
          const holder = toRunningJob(row);
          if (alive(holder.owner)) return holder;
          this.statements.interrupt.run(row.id);
        }
        this.statements.setOwner.run(owner.token, owner.pid, owner.host, Date.now(), id);
        this.statements.setState.run('running', null, id);
        // What it waited for (or an earlier run's progress) no longer describes it.
        this.statements.setProgress.run('{}', id);
        return null;
      },
    );
  }

  create(kind: string, payload: unknown, owner: JobOwner): number {
    const { token, pid, host } = owner;
    const info = this.statements.create.run(kind, JSON.stringify(payload), token, pid, host, Date.now());
    return Number(info.lastInsertRowid);
  }

  setState(id: number, state: JobState, error: string | null = null): void {
    this.statements.setState.run(state, error, id);
  }

  /** Takes a job over for this queue (when it resumes a job another process left). */
  adopt(id: number, owner: JobOwner): void {
    this.statements.setOwner.run(owner.token, owner.pid, owner.host, Date.now(), id);
  }

  /**
   * Makes a job the catalog's running job, unless a live running job that it contends with (by default
   * any; the job queue: those of the same lane) is running: then returns that one (the caller
   * waits). Contending running jobs whose owners are gone are marked interrupted on the way.
   */
  claimWriter(
    id: number,
    owner: JobOwner,
    alive: OwnerAlive,
    contends: KindFilter = () => true,
  ): RunningJob | null {
    return this.claimTransaction.immediate(id, owner, alive, contends);
  }

  /** Ends a job with its result (for a failed or cancelled job: what it had committed before it ended). */
  finish(
    id: number,
    state: 'done' | 'failed' | 'cancelled',
    result: unknown,
    error: string | null = null,
  ): void {
    this.statements.setResult.run(state, result === undefined ? null : JSON.stringify(result), error, id);
  }

  /** Earlier interrupted, failed or cancelled runs of the same job (same kind and payload) are superseded. */
  supersedeEarlier(id: number): number {
    const row = this.get(id);
    return row ? this.statements.supersede.run(row.kind, row.payload, id).changes : 0;
  }

  saveProgress(id: number, progress: unknown): void {
    this.statements.setProgress.run(JSON.stringify(progress), id);
  }

  get(id: number): JobRow | undefined {
    return this.statements.get.get(id) as JobRow | undefined;
  }

  recent(limit: number): JobRow[] {
    return this.statements.recent.all(limit) as JobRow[];
  }

  /** Tells other processes that this queue's queued and running jobs are still alive. */
  heartbeat(owner: JobOwner): void {
    this.statements.heartbeat.run(Date.now(), owner.token);
  }

  /** A queue shutting down leaves its queued jobs interrupted (resumable), not queued for nobody. */
  interruptQueued(owner: JobOwner): void {
    this.statements.interruptOwn.run(owner.token);
  }

  /**
   * At boot: queued or running jobs whose owning process is gone become interrupted (resumable). Jobs of
   * live processes are left alone, so a second process (even a `stats`) never disturbs a running import.
   */
  interruptOrphans(alive: OwnerAlive): number {
    let changed = 0;
    for (const row of this.statements.active.all() as OwnedRow[]) {
      if (alive(toRunningJob(row).owner)) continue;
      changed += this.statements.interrupt.run(row.id).changes;
    }
    return changed;
  }
}

function toRunningJob(row: OwnedRow): RunningJob {
  const owner =
    row.owner === null
      ? null
      : {
          token: row.owner,
          pid: row.ownerPid ?? 0,
          host: row.ownerHost ?? '',
          heartbeat: row.heartbeat ?? 0,
        };
  return { id: row.id, kind: row.kind, owner };
}
