/**
 * A trained classifier's suggestions for unlabeled faces, and the user's answers to them. Accepting labels
 * the face (`labels.assign`), rejecting says it is not that person (`labels.reject`); either way through
 * the labels store, so the app's Ctrl+Z undoes it, and the face leaves the list. A label change made
 * elsewhere (an undo included) asks the classifier again, so an undone face comes back.
 */
import { ref, shallowRef, watch } from 'vue';
import type { ClassifierSuggestion } from '../../../../src-main/api/contract';
import { useLabelsStore, type ChangeOrigin } from '../../stores/labels';
import { useModelsStore } from '../../stores/models';

interface Asked {
  model: number;
  minProbability: number;
}

/** Call from a component's setup: the label watcher stops with it. */
export function useSuggestions() {
  const models = useModelsStore();
  const labels = useLabelsStore();
  const origin: ChangeOrigin = Symbol('model-suggestions');
  const items = shallowRef<ClassifierSuggestion[]>([]);
  const loaded = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);
  let asked: Asked | null = null;
  let generation = 0;

  /** Asks the classifier `model` for its suggestions at or above `minProbability`. */
  async function load(model: number, minProbability: number): Promise<void> {
    asked = { model, minProbability };
    const started = ++generation;
    busy.value = true;
    try {
      const list = await models.suggest(model, minProbability);
      if (started !== generation) return;
      items.value = list;
      error.value = null;
      loaded.value = true;
    } catch (caught) {
      if (started === generation) error.value = caught instanceof Error ? caught.message : String(caught);
    } finally {
      if (started === generation) busy.value = false;
    }
  }

  function drop(faceIds: readonly number[]): void {
    const gone = new Set(faceIds);
    items.value = items.value.filter((item) => !gone.has(item.faceId));
  }

  /** Labels the suggested faces with their suggested people (one change per person). */
  async function accept(chosen: readonly ClassifierSuggestion[]): Promise<void> {
    const byName = new Map<string, number[]>();
    for (const item of chosen) byName.set(item.name, [...(byName.get(item.name) ?? []), item.faceId]);
    for (const [name, faces] of byName) {
      if (await labels.change('labels.assign', { faces, name }, origin)) drop(faces);
    }
  }

  /** Says the face is not its suggested person: the classifier never suggests that person for it again. */
  async function reject(item: ClassifierSuggestion): Promise<void> {
    const done = await labels.change('labels.reject', { faces: [item.faceId], name: item.name }, origin);
    if (done) drop([item.faceId]);
  }

  watch(
    () => labels.version,
    (now, before) => {
      if (asked && loaded.value && !labels.madeBy(origin, before, now)) {
        void load(asked.model, asked.minProbability);
      }
    },
  );

  return { items, loaded, busy, error, load, accept, reject };
}
