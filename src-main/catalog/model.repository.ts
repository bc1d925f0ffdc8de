import type { Db } from './db';

export interface ModelRow {
  id: number;
  name: string;
  role: 'detector' | 'landmarks' | 'embedder' | 'classifier';
  origin: 'bundled' | 'trained' | 'imported';
  path: string;
  metrics: string | null;
}

export interface ModelRegistration {
  name: string;
  role: ModelRow['role'];
  origin: ModelRow['origin'];
  path: string;
  metadata: Record<string, unknown>;
}

/** Models known to the catalog: the bundled networks, and later trained and imported ones. */
export class ModelRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      upsert: db.prepare(`INSERT INTO models (name, role, origin, path, metrics) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(name) DO UPDATE SET role = excluded.role, origin = excluded.origin, path = excluded.path,
        metrics = excluded.metrics RETURNING id`),
      list: db.prepare('SELECT * FROM models ORDER BY id'),
    };
  }

  /** Registers a model by name (updating its record if known) and returns its id. */
  register(model: ModelRegistration): number {
    const row = this.statements.upsert.get(
      model.name,
      model.role,
      model.origin,
      model.path,
      JSON.stringify(model.metadata),
    ) as { id: number };
    return row.id;
  }

  list(): ModelRow[] {
    return this.statements.list.all() as ModelRow[];
  }
}
