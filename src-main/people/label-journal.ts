import type { Db } from '../catalog/db';
import type { JournalEntry, JournalRepository } from '../catalog/journal.repository';
import {
  captureLabels,
  restoreLabels,
  widenScope,
  type LabelScope,
  type LabelSnapshot,
  type LabelStores,
} from './label-snapshot';

/** What an operation did, for the CLI and the UI. */
export interface LabelResult {
  op: string;
  /** The journal entry (undo reverts it). */
  entry: number;
  faces: number;
  personId: number | null;
}

/** What undo or redo did. */
export interface HistoryResult {
  op: string | null;
  done: number;
  undone: number;
}

/** The faces, people and photos an operation names; the journal widens this to all it may change. */
export interface LabelTarget {
  faces: number[];
  people: number[];
  photos?: number[];
}

/** What a change reports: its person, and the people and faces it created (absent before it). */
export interface LabelChange {
  personId: number | null;
  created: number[];
  drawn?: number[];
}

/**
 * Runs label operations as journaled transactions, and undoes and redoes them. Each entry holds the exact
 * rows of the operation's scope before and after (label-snapshot.ts), so undo and redo are the same
 * generic write whatever the operation was.
 */
export class LabelJournal {
  constructor(
    private readonly db: Db,
    private readonly stores: LabelStores & { journal: JournalRepository },
    /** Called after every committed change, undo and redo (suggestions follow the labels). */
    private readonly onChange: () => void = () => undefined,
  ) {}

  /**
   * Runs a change in one transaction and journals its scope before and after. The scope is the faces and
   * people named, the faces' photo-mates (a confirmation may drop a photo-mate's conflicting suggestion)
   * and those faces' current people; people and faces the change creates are recorded as absent before,
   * so that undo removes them again.
   */
  record(op: string, target: LabelTarget, change: () => LabelChange): LabelResult {
    const result = this.db
      .transaction(() => {
        const { labels, journal } = this.stores;
        const faces = labels.labels(target.faces);
        const mates = labels.ofPhotos([...faces.map((f) => f.photoId), ...(target.photos ?? [])]);
        const holders = [...faces, ...mates].flatMap((f) => (f.personId === null ? [] : [f.personId]));
        const scope: LabelScope = widenScope(
          { faces: target.faces, people: target.people },
          { faces: mates.map((f) => f.id), people: holders },
        );
        const before = captureLabels(this.stores, scope);
        const { personId, created, drawn = [] } = change();
        const wider = widenScope(scope, { people: created, faces: drawn, drawn });
        const beforeWider: LabelSnapshot = {
          ...before,
          scope: wider,
          people: [...before.people, ...created.map((id) => ({ id, row: null }))],
          ...(drawn.length > 0 ? { drawn: drawn.map((id) => ({ id, face: null })) } : {}),
        };
        const entry = journal.append(op, beforeWider, captureLabels(this.stores, wider));
        return { op, entry, faces: target.faces.length + drawn.length, personId };
      })
      .immediate();
    this.onChange();
    return result;
  }

  /** Reverts the last operation not yet undone. */
  undo(): HistoryResult {
    return this.step(() => this.stores.journal.lastDone(), 'before');
  }

  /** Replays the first undone operation. */
  redo(): HistoryResult {
    return this.step(() => this.stores.journal.firstUndone(), 'after');
  }

  /** Writes one side of an entry back and moves the journal's position past it. */
  private step(find: () => JournalEntry | undefined, side: 'before' | 'after'): HistoryResult {
    const result = this.db
      .transaction(() => {
        const entry = find();
        if (entry) {
          restoreLabels(this.stores, JSON.parse(entry[side]) as LabelSnapshot);
          this.stores.journal.markUndone(entry.id, side === 'before');
        }
        return { op: entry?.op ?? null, ...this.stores.journal.position() };
      })
      .immediate();
    if (result.op !== null) this.onChange();
    return result;
  }
}
