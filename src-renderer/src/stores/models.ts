import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type {
  ClassifierSuggestion,
  CommandInput,
  ModelEvaluation,
  ModelSummary,
  ModelView,
} from '../../../src-main/api/contract';
import { invoke } from '../api/client';

/** True for a head on the bundled embeddings: it labels faces but cannot embed them. */
export function isHead(model: ModelView | undefined): boolean {
  const config = model?.metadata.config;
  return typeof config === 'object' && config !== null && (config as { mode?: unknown }).mode === 'head';
}

/**
 * The catalog's models: every registered one (`models`), the embedders and classifiers with their embedded
 * faces (`embedders`), switching the active embedder, A/B reports, import, export and a classifier's
 * suggestions. The re-embedding job's progress lives in the jobs store; `switchJob` names it.
 */
export const useModelsStore = defineStore('models', () => {
  const models = ref<ModelView[]>([]);
  const embedders = ref<ModelSummary[]>([]);
  /** The `reembed` job started by the last "Use this model", followed until it ends. */
  const switchJob = ref<number | null>(null);
  /** The A/B table on screen: a switch's report or an evaluation asked for. */
  const shownReport = ref<ModelEvaluation | null>(null);

  const active = computed(() => embedders.value.find((model) => model.active) ?? null);
  const byId = computed(() => new Map(models.value.map((model) => [model.id, model])));

  async function refresh(): Promise<void> {
    const [list, summaries] = await Promise.all([invoke('models.list', {}), invoke('models.embedders', {})]);
    models.value = list;
    embedders.value = summaries;
  }

  /** Indexes the photos not indexed yet (or every photo with `all`); progress arrives as a job. */
  async function startIndex(all: boolean): Promise<number> {
    const { jobId } = await invoke('index.start', { all });
    return jobId;
  }

  /**
   * Makes `id` the active embedder: at once when it has embedded every face (then its report is shown),
   * else through a `reembed` job that `switchJob` follows.
   */
  async function use(id: number): Promise<void> {
    shownReport.value = null;
    const { jobId } = await invoke('models.use', { id });
    if (jobId !== null) {
      switchJob.value = jobId;
      return;
    }
    await refresh();
    await showReport(id);
  }

  /** The switch job ended: the list changed, and a finished switch has its A/B report. */
  async function switchEnded(model: number, done: boolean): Promise<void> {
    await refresh();
    if (done && active.value?.id === model) await showReport(model);
  }

  async function showReport(id: number): Promise<void> {
    shownReport.value = await invoke('models.report', { id });
  }

  /** Measures `id` on the user's labels against the active embedder (alone when it is the active one). */
  async function evaluate(id: number): Promise<void> {
    const against = active.value && active.value.id !== id ? active.value.id : undefined;
    shownReport.value = await invoke('models.evaluate', against ? { id, against } : { id });
    // Evaluating embeds the labeled faces a model still lacked: its counts moved.
    await refresh();
  }

  async function importFolder(input: CommandInput<'models.import'>): Promise<ModelSummary> {
    const model = await invoke('models.import', input);
    await refresh();
    return model;
  }

  function exportFolder(id: number, folder: string): Promise<{ folder: string; files: string[] }> {
    return invoke('models.export', { id, folder });
  }

  function suggest(id: number, minProbability: number): Promise<ClassifierSuggestion[]> {
    return invoke('models.suggest', { id, minProbability });
  }

  /** A model's name by id (the report's `against` is an id). */
  function nameOf(id: number): string {
    return byId.value.get(id)?.name ?? `#${id}`;
  }

  return {
    models,
    embedders,
    switchJob,
    shownReport,
    active,
    byId,
    refresh,
    startIndex,
    use,
    switchEnded,
    evaluate,
    importFolder,
    exportFolder,
    suggest,
    nameOf,
  };
});
