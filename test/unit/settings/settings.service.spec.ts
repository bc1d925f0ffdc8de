import { afterEach, describe, expect, it } from 'vitest';
import { openCatalogDb, type Db } from '../../../src-main/catalog/db';
import { SettingsRepository } from '../../../src-main/catalog/settings.repository';
import { defaultClusterParams } from '../../../src-main/people/clustering/cluster-faces';
import { SettingsService } from '../../../src-main/settings/settings.service';
import { makeTempDir } from '../../support/temp';

describe('face settings', () => {
  let db: Db | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    db?.close();
    await cleanup?.();
  });

  async function service(): Promise<{ settings: SettingsService; repository: SettingsRepository }> {
    const temp = await makeTempDir('settings');
    cleanup = temp.cleanup;
    db = openCatalogDb(temp.dir);
    const repository = new SettingsRepository(db);
    return { settings: new SettingsService(repository), repository };
  }

  it('defaults to the configuration chosen on LFW DevTrain', async () => {
    const { settings } = await service();
    expect(settings.faces()).toEqual({
      detector: 'ssd',
      minConfidence: 0.5,
      flipFusion: false,
      distance: 'euclidean',
      clusterThreshold: defaultClusterParams.threshold,
      clusterMinSize: defaultClusterParams.minSize,
    });
  });

  it('keeps a change in the catalog and merges it over the rest', async () => {
    const { settings } = await service();
    settings.updateFaces({ flipFusion: true });
    expect(settings.updateFaces({ distance: 'cosine' })).toEqual({
      detector: 'ssd',
      minConfidence: 0.5,
      flipFusion: true,
      distance: 'cosine',
      clusterThreshold: defaultClusterParams.threshold,
      clusterMinSize: defaultClusterParams.minSize,
    });
    expect(new SettingsService(new SettingsRepository(db!)).faces().flipFusion).toBe(true);
  });

  it('refuses out-of-range values and falls back to defaults when a stored value no longer validates', async () => {
    const { settings, repository } = await service();
    expect(() => settings.updateFaces({ minConfidence: 2 })).toThrow();
    repository.set('faces', { detector: 'retina', minConfidence: 0.5 });
    expect(settings.faces().detector).toBe('ssd');
  });
});
