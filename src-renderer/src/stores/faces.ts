import { defineStore } from 'pinia';
import { ref } from 'vue';
import { invoke, subscribe } from '../api/client';
import { createPagedList } from './paged-list';

/** Faces are paged like photos: the grid asks for the ones in view. */
const pageSize = 300;

/** Every face in the catalog, paged for the virtualised faces grid. */
export const useFacesStore = defineStore('faces', () => {
  const faces = createPagedList((offset, limit) => invoke('faces.list', { offset, limit }), pageSize);

  const error = ref<string | null>(null);

  async function refresh(reloadOnly = false): Promise<void> {
    try {
      await (reloadOnly ? faces.reload() : faces.reset());
      error.value = null;
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught);
    }
  }

  // A catalog change (e.g. an import in progress) replaces loaded pages in place instead of dropping them.
  subscribe('catalog.changed', () => void refresh(true));
  return { total: faces.total, error, faceAt: faces.itemAt, refresh };
});
