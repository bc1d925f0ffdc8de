import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CatalogStats, FileErrorRow } from '../../../src-main/api/contract';
import { invoke, subscribe } from '../api/client';
import { createPagedList } from './paged-list';

/** Photos are fetched in pages as the grid scrolls to them; only touched pages are kept. */
export const pageSize = 200;

/** The photo library: total count, photos by index (paged, sparse), stats, files that failed. */
export const useLibraryStore = defineStore('library', () => {
  const photos = createPagedList((offset, limit) => invoke('photos.list', { offset, limit }), pageSize);
  const stats = ref<CatalogStats | null>(null);
  const failures = ref<FileErrorRow[]>([]);
  const failureTotal = ref(0);
  /** The index of the photo last opened in the viewer, so the grid can scroll back to it. */
  const lastViewed = ref<number | null>(null);

  /** Everything from scratch (a view opening). */
  async function refresh(): Promise<void> {
    await photos.reset();
    await refreshSideInfo();
  }

  /** After a catalog change: loaded pages are replaced in place, so an import fills the grid without flicker. */
  async function update(): Promise<void> {
    await photos.reload();
    await refreshSideInfo();
  }

  async function refreshSideInfo(): Promise<void> {
    stats.value = await invoke('catalog.stats', {});
    const errors = await invoke('import.errors', { limit: 500 });
    failures.value = errors.items;
    failureTotal.value = errors.total;
  }

  /**
   * The catalog index of a photo, for previous/next in the viewer. Tries the caller's hint, then the pages
   * already loaded, then a binary search over pages (the catalog lists photos by ascending id). Every
   * answer is checked against the photo actually at that index; null when the photo cannot be placed.
   */
  async function locate(id: number, hint?: number): Promise<number | null> {
    if (photos.total.value === 0) await photos.reset();
    if (hint !== undefined && hint >= 0 && (await photos.fetchAt(hint))?.id === id) return hint;
    const loaded = photos.findLoaded((photo) => photo.id === id);
    if (loaded >= 0) return loaded;
    let low = 0;
    let high = Math.ceil(photos.total.value / pageSize) - 1;
    while (low <= high) {
      const page = Math.floor((low + high) / 2);
      const start = page * pageSize;
      const first = await photos.fetchAt(start);
      const last = await photos.fetchAt(Math.min(photos.total.value, start + pageSize) - 1);
      if (!first || !last) return null;
      if (id < first.id) high = page - 1;
      else if (id > last.id) low = page + 1;
      else break;
    }
    const found = photos.findLoaded((photo) => photo.id === id);
    return found >= 0 ? found : null;
  }

  async function startImport(folders: string[], labelsFromFolders: boolean): Promise<number> {
    const { jobId } = await invoke('import.start', { folders, labelsFromFolders });
    return jobId;
  }

  subscribe('catalog.changed', () => void update());
  return {
    total: photos.total,
    stats,
    failures,
    failureTotal,
    lastViewed,
    refresh,
    photoAt: photos.itemAt,
    fetchAt: photos.fetchAt,
    locate,
    startImport,
  };
});
