import path from 'node:path';
import Database from 'better-sqlite3';

/** Reads a catalog's database directly (read-only), as a check from outside the app would. */
export function readCatalogDb<T>(catalog: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(catalog, 'catalog.db'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** `SELECT COUNT(*)` of a query's rows. */
export function countRows(db: Database.Database, sql: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM (${sql})`).get() as { n: number }).n;
}
