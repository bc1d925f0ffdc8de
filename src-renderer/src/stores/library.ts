import { defineStore } from 'pinia';
import { ref, shallowReactive } from 'vue';
import type { CatalogStats, FileErrorRow, PhotoSummary } from '../../../src-main/api/contract';
import { invoke, subscribe } from '../api/client';

/** Photos are fetched in pages as the grid scrolls to them; only touched pages are kept. */
export const pageSize = 200;

/** The photo library: total count, photos by index (paged, sparse), stats, files that failed. */
export const useLibraryStore = defineStore('library', () => {
  const total = ref(0);
  const pages = shallowReactive(new Map<number, PhotoSummary[]>());
  const loading = new Set<number>();
  const stats = ref<CatalogStats | null>(null);
  const failures = ref<FileErrorRow[]>([]);
  const failureTotal = ref(0);

  async function refresh(): Promise<void> {
    const first = await invoke('photos.list', { offset: 0, limit: pageSize });
    pages.clear();
    loading.clear();
    pages.set(0, first.items);
    total.value = first.total;
    stats.value = await invoke('catalog.stats', {});
    const errors = await invoke('import.errors', { limit: 500 });
    failures.value = errors.items;
    failureTotal.value = errors.total;
  }

  /** The photo at an index, or undefined while its page loads (the page is requested on first use). */
  function photoAt(index: number): PhotoSummary | undefined {
    const page = Math.floor(index / pageSize);
    const items = pages.get(page);
    if (!items && !loading.has(page)) void loadPage(page);
    return items?.[index % pageSize];
  }

  async function loadPage(page: number): Promise<void> {
    loading.add(page);
    try {
      const result = await invoke('photos.list', { offset: page * pageSize, limit: pageSize });
      pages.set(page, result.items);
      total.value = result.total;
    } finally {
      loading.delete(page);
    }
  }

  async function startImport(folders: string[], labelsFromFolders: boolean): Promise<number> {
    const { jobId } = await invoke('import.start', { folders, labelsFromFolders });
    return jobId;
  }

  subscribe('catalog.changed', () => void refresh());
  return { total, stats, failures, failureTotal, refresh, photoAt, startImport };
});
