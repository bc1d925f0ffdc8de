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

  async function refresh(): Promise<void> {
    try {
      await faces.reset();
      error.value = null;
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught);
    }
  }

  subscribe('catalog.changed', () => void refresh());
  return { total: faces.total, error, faceAt: faces.itemAt, refresh };
});
