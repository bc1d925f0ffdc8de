import type { Db } from './db';

/** People (identities). */
export class PersonRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      find: db.prepare('SELECT id FROM people WHERE name = ?'),
      insert: db.prepare('INSERT INTO people (name) VALUES (?)'),
      count: db.prepare('SELECT COUNT(*) AS n FROM people'),
    };
  }

  /** The person with this name, created if new. */
  findOrCreate(name: string): number {
    const found = this.statements.find.get(name) as { id: number } | undefined;
    return found ? found.id : Number(this.statements.insert.run(name).lastInsertRowid);
  }

  count(): number {
    return (this.statements.count.get() as { n: number }).n;
  }
}
