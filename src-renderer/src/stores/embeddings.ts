import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { ModelSummary, ProjectionMap, ProjectionMethod, RunView } from '../../../src-main/api/contract';
import { invoke } from '../api/client';
import { noFilter, peopleInSelection, type MapFilter } from '../components/embeddings/map-filters';
import { useJobsStore } from './jobs';
import { useLabelsStore } from './labels';

/** What map to show: the method, 2D or 3D, and the embedder (null: the active one). */
export interface MapRequest {
  method: ProjectionMethod;
  dims: 2 | 3;
  model: number | null;
}

/**
 * The embedding map: the request, the map (or the job computing it), the filters, the selection (as face
 * ids, so it survives a refetch) and the label actions on it. After a label change the map is fetched
 * again (a cache hit: the coordinates stay, the labels are current) and the view keeps its camera.
 */
/** How often a map being computed is asked for again, besides the job's own events. */
const recheckMs = 2000;

export const useEmbeddingsStore = defineStore('embeddings', () => {
  const jobs = useJobsStore();
  const labels = useLabelsStore();
  const request = ref<MapRequest>({ method: 'pca', dims: 2, model: null });
  const map = shallowRef<ProjectionMap | null>(null);
  const jobId = ref<number | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const embedders = ref<ModelSummary[]>([]);
  const runs = ref<RunView[]>([]);
  const filter = ref<MapFilter>(noFilter);
  const testRun = ref<number | null>(null);
  const selectedFaces = shallowRef<ReadonlySet<number>>(new Set());
  /** True while the map is on screen: only then do label changes fetch it again (it can be megabytes). */
  const shown = ref(false);
  let fetchId = 0;

  const job = computed(() => jobs.jobs.find((candidate) => candidate.id === jobId.value) ?? null);
  const peopleById = computed(() => new Map((map.value?.people ?? []).map((person) => [person.id, person])));
  const indexOfFace = computed(() => new Map((map.value?.faceIds ?? []).map((id, index) => [id, index])));
  /** The selection as point indices into the current map, ascending. */
  const selection = computed(() => {
    const out: number[] = [];
    for (const face of selectedFaces.value) {
      const index = indexOfFace.value.get(face);
      if (index !== undefined) out.push(index);
    }
    return out.sort((a, b) => a - b);
  });
  const selectionPeople = computed(() =>
    map.value ? peopleInSelection(map.value.personIds, selection.value) : [],
  );

  /** Fetches the map for the current request; a job means "computing": its end fetches again. */
  async function load(): Promise<void> {
    const mine = ++fetchId;
    loading.value = true;
    error.value = null;
    const { method, dims, model } = request.value;
    try {
      const result = await invoke('projection.map', { method, dims, ...(model === null ? {} : { model }) });
      if (mine !== fetchId) return;
      if (result.state === 'ready') {
        jobId.value = null;
        map.value = result.map;
      } else {
        jobId.value = result.jobId;
        // The job's end arrives as an event (see the watch below); asking again now and then also covers
        // an event missed while the socket reconnected.
        setTimeout(() => {
          if (mine === fetchId && jobId.value === result.jobId && shown.value) void load();
        }, recheckMs);
      }
    } catch (caught) {
      if (mine === fetchId) error.value = caught instanceof Error ? caught.message : String(caught);
    } finally {
      if (mine === fetchId) loading.value = false;
    }
  }

  watch(
    () => job.value?.state,
    (state) => {
      if (state === 'done') void load();
      else if (state === 'failed' || state === 'cancelled' || state === 'interrupted') {
        error.value = job.value?.error ?? state;
        jobId.value = null;
      }
    },
  );

  async function cancelJob(): Promise<void> {
    if (jobId.value !== null) await jobs.cancel(jobId.value);
  }

  /** The embedders and runs for the controls; failures leave the lists empty (the map still works). */
  async function loadChoices(): Promise<void> {
    const [models, runList] = await Promise.allSettled([
      invoke('models.embedders', {}),
      invoke('runs.list', {}),
    ]);
    if (models.status === 'fulfilled') embedders.value = models.value;
    if (runList.status === 'fulfilled')
      runs.value = runList.value.filter((run) => run.status === 'completed');
  }

  /** Filters to a run's test split (null: no run filter). */
  async function setTestRun(run: number | null): Promise<void> {
    testRun.value = run;
    const faces = run === null ? null : new Set((await invoke('projection.runFaces', { run })).faceIds);
    if (testRun.value === run) filter.value = { ...filter.value, testFaces: faces };
  }

  function select(indices: readonly number[], mode: 'replace' | 'add' = 'replace'): void {
    const faces = map.value?.faceIds ?? [];
    const next = new Set(mode === 'add' ? selectedFaces.value : []);
    for (const index of indices) next.add(faces[index] as number);
    selectedFaces.value = next;
  }

  function clearSelection(): void {
    selectedFaces.value = new Set();
  }

  const selectedIds = (): number[] => [...selectedFaces.value];

  /** Names every selected face `name`; the map is fetched again. */
  async function labelSelection(name: string): Promise<boolean> {
    if (selectedFaces.value.size === 0) return false;
    return (await labels.change('labels.assign', { faces: selectedIds(), name })) !== null;
  }

  /** Says the selected faces of a person are not them. */
  async function rejectSelection(personId: number): Promise<boolean> {
    const person = peopleById.value.get(personId);
    const current = map.value;
    if (!person || !current) return false;
    const faces = selection.value
      .filter((index) => current.personIds[index] === personId)
      .map((index) => current.faceIds[index] as number);
    if (faces.length === 0) return false;
    return (await labels.change('labels.reject', { faces, name: person.name })) !== null;
  }

  /** Merges every other person of the selection into one of them. */
  async function mergeSelection(intoId: number): Promise<boolean> {
    const into = peopleById.value.get(intoId);
    if (!into) return false;
    for (const { id } of selectionPeople.value) {
      const from = peopleById.value.get(id);
      if (id === intoId || !from) continue;
      if ((await labels.change('people.merge', { from: from.name, into: into.name })) === null) return false;
    }
    return true;
  }

  /** The photo a face of the map is in. */
  function photoOf(faceId: number): number | null {
    const current = map.value;
    const index = current ? current.faceIds.indexOf(faceId) : -1;
    return index < 0 ? null : (current!.photoIds[index] ?? null);
  }

  // A label change anywhere (this view's actions, undo) and new suggestions: fetch the map again.
  watch(
    () => [labels.version, labels.derivedVersion],
    () => {
      if (map.value && shown.value) void load();
    },
  );

  return {
    shown,
    request,
    map,
    jobId,
    job,
    loading,
    error,
    embedders,
    runs,
    filter,
    testRun,
    selectedFaces,
    selection,
    selectionPeople,
    peopleById,
    load,
    cancelJob,
    loadChoices,
    setTestRun,
    select,
    clearSelection,
    labelSelection,
    rejectSelection,
    mergeSelection,
    photoOf,
  };
});
