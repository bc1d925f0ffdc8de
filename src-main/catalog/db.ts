import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations/index';

export type Db = Database.Database;

export interface OpenCatalogOptions {
  /** A better-sqlite3 addon built for another runtime (Electron's ABI); Node's own build otherwise. */
  nativeBinding?: string;
}

/** The catalog database inside a catalog folder. */
export function catalogDbPath(catalogDir: string): string {
  return path.join(catalogDir, 'catalog.db');
}

/**
 * A note on transactions: several processes may write one catalog (the app, `serve`, CLI commands). In WAL
 * mode a DEFERRED transaction that reads and then writes fails at once with SQLITE_BUSY if another
 * connection committed in between (its snapshot is stale; the busy timeout does not apply). So every
 * transaction that reads before it writes runs IMMEDIATE (`db.transaction(fn).immediate()`): it takes the
 * write lock first, waiting up to the busy timeout.
 *
 * Opens (creating if needed) the catalog database of a catalog folder and brings its schema up to date.
 * WAL lets readers (the UI) run while the import job writes; synchronous=NORMAL is durable across
 * process crashes in WAL mode, which is what resume-after-kill needs.
 */
export function openCatalogDb(catalogDir: string, options: OpenCatalogOptions = {}): Db {
  fs.mkdirSync(catalogDir, { recursive: true });
  const db = new Database(catalogDbPath(catalogDir), {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  // First: switching a new catalog to WAL needs a lock that another process opening it may hold for a moment.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/**
 * Applies every migration newer than the database's user_version, each in its own transaction. Foreign
 * keys are off meanwhile (a migration may rebuild a table others refer to: SQLite's documented way) and
 * each migration must leave none broken, or it is rolled back.
 */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `catalog: this catalog was written by a newer FaceAtlas (schema ${current}, this build knows ${migrations.length})`,
    );
  }
  if (current === migrations.length) return;
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    // Each step takes the write lock first (IMMEDIATE) and reads the version again under it: two processes
    // opening a new catalog at once would otherwise both apply the same migration.
    const step = db.transaction((): boolean => {
      const version = (db.pragma('user_version', { simple: true }) as number) + 1;
      const sql = migrations[version - 1];
      if (sql === undefined) return false;
      db.exec(sql);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0)
        throw new Error(`catalog: migration ${version} broke ${broken.length} references`);
      db.pragma(`user_version = ${version}`);
      return true;
    });
    while (step.immediate()) {
      // one migration per transaction
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}
