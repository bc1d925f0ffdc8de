import type { Db } from './db';

/** One journaled label operation: what it changed, before and after (JSON, the people service's shape). */
export interface JournalEntry {
  id: number;
  op: string;
  before: string;
  after: string;
  at: string;
}

/**
 * The undo journal: a linear history with a position. Entries before the position are done, entries after
 * it were undone and can be redone; a new operation drops the undone ones (as every editor does). It lives
 * in the catalog, so undo and redo work across restarts.
 */
export class JournalRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      append: db.prepare('INSERT INTO journal (op, before, after) VALUES (?, ?, ?)'),
      dropUndone: db.prepare('DELETE FROM journal WHERE undone = 1'),
      lastDone: db.prepare(
        'SELECT id, op, before, after, at FROM journal WHERE undone = 0 ORDER BY id DESC LIMIT 1',
      ),
      firstUndone: db.prepare(
        'SELECT id, op, before, after, at FROM journal WHERE undone = 1 ORDER BY id ASC LIMIT 1',
      ),
      mark: db.prepare('UPDATE journal SET undone = ? WHERE id = ?'),
      position: db.prepare(
        'SELECT COALESCE(SUM(undone = 0), 0) AS done, COALESCE(SUM(undone = 1), 0) AS undone FROM journal',
      ),
    };
  }

  /** Records a new operation; whatever was undone can no longer be redone. */
  append(op: string, before: unknown, after: unknown): number {
    this.statements.dropUndone.run();
    return Number(
      this.statements.append.run(op, JSON.stringify(before), JSON.stringify(after)).lastInsertRowid,
    );
  }

  /** The operation an undo would revert. */
  lastDone(): JournalEntry | undefined {
    return this.statements.lastDone.get() as JournalEntry | undefined;
  }

  /** The operation a redo would replay. */
  firstUndone(): JournalEntry | undefined {
    return this.statements.firstUndone.get() as JournalEntry | undefined;
  }

  markUndone(id: number, undone: boolean): void {
    this.statements.mark.run(undone ? 1 : 0, id);
  }

  /** How many operations can be undone and redone. */
  position(): { done: number; undone: number } {
    return this.statements.position.get() as { done: number; undone: number };
  }
}
