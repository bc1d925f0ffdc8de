import type { Db } from './db';

export interface FileErrorRow {
  path: string;
  error: string;
  jobId: number | null;
  at: string;
}

/** Files that could not be imported and why: the latest reason per path, until the path imports. */
export class FileErrorRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      record: db.prepare(`INSERT INTO file_errors (path, error, job_id) VALUES (?, ?, ?)
        ON CONFLICT(path) DO UPDATE SET error = excluded.error, job_id = excluded.job_id,
        at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`),
      clear: db.prepare('DELETE FROM file_errors WHERE path = ?'),
      list: db.prepare(
        'SELECT path, error, job_id AS jobId, at FROM file_errors ORDER BY at DESC, path LIMIT ?',
      ),
      count: db.prepare('SELECT COUNT(*) AS n FROM file_errors'),
    };
  }

  record(path: string, error: string, jobId: number | null): void {
    this.statements.record.run(path, error, jobId);
  }

  clear(path: string): void {
    this.statements.clear.run(path);
  }

  list(limit: number): FileErrorRow[] {
    return this.statements.list.all(limit) as FileErrorRow[];
  }

  count(): number {
    return (this.statements.count.get() as { n: number }).n;
  }
}
