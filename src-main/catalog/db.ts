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
 * Opens (creating if needed) the catalog database of a catalog folder and brings its schema up to date.
 * WAL lets readers (the UI) run while the import job writes; synchronous=NORMAL is durable across
 * process crashes in WAL mode, which is what resume-after-kill needs.
 */
export function openCatalogDb(catalogDir: string, options: OpenCatalogOptions = {}): Db {
  fs.mkdirSync(catalogDir, { recursive: true });
  const db = new Database(catalogDbPath(catalogDir), {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies every migration newer than the database's user_version, each in its own transaction. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `catalog: this catalog was written by a newer FaceAtlas (schema ${current}, this build knows ${migrations.length})`,
    );
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    const sql = migrations[version - 1] as string;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
