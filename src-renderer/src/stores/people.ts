import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { PersonSummary } from '../../../src-main/api/contract';
import { invoke } from '../api/client';
import { useLabelsStore } from './labels';

/**
 * The named people (hidden ones included), shared by the people views and the "move to" autocomplete.
 * Reloads after every label change, undo and redo included, and when the backend has recomputed its
 * suggestions (the face counts include suggested faces). The list is small: it follows everywhere.
 */
export const usePeopleStore = defineStore('people', () => {
  const labels = useLabelsStore();
  const people = ref<PersonSummary[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  let request = 0;

  async function refresh(): Promise<void> {
    // A slow answer must not overwrite a newer one (changes can come in quick succession).
    const mine = ++request;
    try {
      const list = await invoke('people.list', {});
      if (mine !== request) return;
      people.value = list;
      error.value = null;
    } catch (caught) {
      if (mine === request) error.value = caught instanceof Error ? caught.message : String(caught);
    } finally {
      if (mine === request) loaded.value = true;
    }
  }

  watch(
    () => [labels.version, labels.derivedVersion],
    () => void refresh(),
  );

  /** Every name, for autocomplete. */
  const names = computed(() => people.value.map((person) => person.name));

  return { people, names, loaded, error, refresh };
});
