import type { Db } from './db';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

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

/** Persisted jobs, so that a job cut short by a crash or quit can be shown and resumed at the next start. */
export class JobRepository {
  private readonly statements;

  constructor(db: Db) {
    const now = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
    this.statements = {
      create: db.prepare(`INSERT INTO jobs (kind, state, payload) VALUES (?, 'queued', ?)`),
      setState: db.prepare(`UPDATE jobs SET state = ?, error = ?, updated = ${now} WHERE id = ?`),
      setResult: db.prepare(`UPDATE jobs SET state = 'done', result = ?, updated = ${now} WHERE id = ?`),
      setProgress: db.prepare(`UPDATE jobs SET progress = ?, updated = ${now} WHERE id = ?`),
      get: db.prepare('SELECT * FROM jobs WHERE id = ?'),
      recent: db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?'),
      interruptRunning: db.prepare(
        `UPDATE jobs SET state = 'interrupted', updated = ${now} WHERE state IN ('running', 'queued')`,
      ),
    };
  }

  create(kind: string, payload: unknown): number {
    return Number(this.statements.create.run(kind, JSON.stringify(payload)).lastInsertRowid);
  }

  setState(id: number, state: JobState, error: string | null = null): void {
    this.statements.setState.run(state, error, id);
  }

  finish(id: number, result: unknown): void {
    this.statements.setResult.run(JSON.stringify(result), id);
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

  /** At boot: jobs that were running when the process died are marked interrupted (resumable). */
  interruptUnfinished(): number {
    return this.statements.interruptRunning.run().changes;
  }
}
