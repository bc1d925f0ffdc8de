import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ModelView } from '../../../src-main/api/contract';
import { invoke } from '../api/client';

/** The models registered in the catalog, and starting a face-indexing job. */
export const useModelsStore = defineStore('models', () => {
  const models = ref<ModelView[]>([]);

  async function refresh(): Promise<void> {
    models.value = await invoke('models.list', {});
  }

  /** Indexes the photos not indexed yet (or every photo with `all`); progress arrives as a job. */
  async function startIndex(all: boolean): Promise<number> {
    const { jobId } = await invoke('index.start', { all });
    return jobId;
  }

  return { models, refresh, startIndex };
});
