import type { ModelRepository } from '../catalog/model.repository';
import type { SettingsRepository } from '../catalog/settings.repository';

const key = 'embedder';

/**
 * Which model's embeddings the catalog's people, clusters and search use. Stored in the catalog's
 * settings, read on every call, so the app, `serve` and the CLI on one catalog always agree; a stored id
 * whose model is gone falls back to the bundled embedder.
 */
export class ActiveEmbedder {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly models: ModelRepository,
    readonly bundled: number,
  ) {}

  id(): number {
    const stored = this.settings.get(key);
    if (typeof stored !== 'number' || stored === this.bundled) return this.bundled;
    return this.models.list().some((row) => row.id === stored) ? stored : this.bundled;
  }

  set(id: number): void {
    this.settings.set(key, id);
  }
}
