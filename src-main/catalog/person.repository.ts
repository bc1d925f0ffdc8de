import type { Db } from './db';

/** A person as stored: a named identity. */
export interface PersonRow {
  id: number;
  name: string;
  hidden: number;
}

/** A person with the number of faces confirmed as theirs, and the face that stands for them. */
export interface PersonCount extends PersonRow {
  faces: number;
  /** The cover the user chose while it is still theirs, else their best-quality confirmed face; null with no face. */
  cover: number | null;
}

/** People (identities). Label logic lives in the people service; this is their storage. */
export class PersonRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      find: db.prepare('SELECT id FROM people WHERE name = ?'),
      get: db.prepare('SELECT id, name, hidden FROM people WHERE id = ?'),
      insert: db.prepare('INSERT INTO people (name) VALUES (?)'),
      restore: db.prepare(`INSERT INTO people (id, name, hidden) VALUES (@id, @name, @hidden)
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, hidden = excluded.hidden`),
      rename: db.prepare('UPDATE people SET name = ? WHERE id = ?'),
      hide: db.prepare('UPDATE people SET hidden = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM people WHERE id = ?'),
      count: db.prepare('SELECT COUNT(*) AS n FROM people'),
      withCounts: db.prepare(`SELECT p.id, p.name, p.hidden, COUNT(f.id) AS faces,
        COALESCE((SELECT c.id FROM faces c WHERE c.id = p.cover_face_id AND c.person_id = p.id
          AND c.dismissed = 0), (SELECT b.id FROM faces b WHERE b.person_id = p.id
          AND b.assignment = 'confirmed' AND b.dismissed = 0 ORDER BY b.quality DESC, b.id LIMIT 1)) AS cover
        FROM people p
        LEFT JOIN faces f ON f.person_id = p.id AND f.assignment = 'confirmed' AND f.dismissed = 0
        GROUP BY p.id ORDER BY p.name`),
      setCover: db.prepare('UPDATE people SET cover_face_id = ? WHERE id = ?'),
    };
  }

  /** The person with this name, created if new. */
  findOrCreate(name: string): number {
    return this.findByName(name) ?? Number(this.statements.insert.run(name).lastInsertRowid);
  }

  findByName(name: string): number | undefined {
    return (this.statements.find.get(name) as { id: number } | undefined)?.id;
  }

  get(id: number): PersonRow | undefined {
    return this.statements.get.get(id) as PersonRow | undefined;
  }

  /** Writes a person back exactly as it was (undo, redo). */
  restore(row: PersonRow): void {
    this.statements.restore.run(row);
  }

  rename(id: number, name: string): void {
    this.statements.rename.run(name, id);
  }

  setHidden(id: number, hidden: boolean): void {
    this.statements.hide.run(hidden ? 1 : 0, id);
  }

  remove(id: number): void {
    this.statements.remove.run(id);
  }

  /** People are named identities: unnamed clusters are not people. */
  count(): number {
    return (this.statements.count.get() as { n: number }).n;
  }

  /** The face that stands for a person in the views (null: their best-quality face). */
  setCover(id: number, faceId: number | null): void {
    this.statements.setCover.run(faceId, id);
  }

  listWithCounts(): PersonCount[] {
    return this.statements.withCounts.all() as PersonCount[];
  }
}
