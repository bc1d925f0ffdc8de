import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type {
  EvaluationReport,
  JobView,
  RunCheckpoint,
  RunLogEntry,
  RunMetric,
  RunPreview,
  RunView,
} from '../../../src-main/api/contract';
import { invoke, subscribe } from '../api/client';
import { MetricSeries, seriesKey } from '../util/metric-series';

/** Points per curve: plenty for a chart a few hundred pixels wide, bounded for a run of 100k steps. */
export const curvePoints = 1000;

type TrainJob = Extract<JobView, { kind: 'train' }>;

/**
 * The training dashboard's state: the runs (the queue), the live progress of those training, each open
 * run's curves (bounded series fed by a downsampled catch-up, then by `run.metrics` events), and the
 * form's preview. A newer preview wins over a slower earlier one.
 */
export const useTrainingStore = defineStore('training', () => {
  const runs = ref<RunView[]>([]);
  /** The train job's latest progress per run (images/s, ETA), while it trains. */
  const progress = ref(new Map<number, TrainJob>());
  /** Curves per run, by series key; `curves` is triggered when any changes. */
  const curves = shallowRef(new Map<number, Map<string, MetricSeries>>());
  const preview = shallowRef<RunPreview | null>(null);
  const previewBusy = ref(false);
  let previewRequest = 0;
  const loaded = new Set<number>();
  /** Live metrics that arrive while a run's curves load: applied after the catch-up, so none is lost. */
  const loading = new Map<number, RunMetric[]>();

  const queue = computed(() => [...runs.value].sort((a, b) => rank(a) - rank(b) || b.id - a.id));

  async function refresh(): Promise<void> {
    runs.value = await invoke('runs.list', {});
  }

  async function refreshRun(id: number): Promise<RunView> {
    const run = await invoke('runs.get', { id });
    const index = runs.value.findIndex((r) => r.id === id);
    if (index >= 0) runs.value.splice(index, 1, run);
    else runs.value.push(run);
    return run;
  }

  function addMetrics(runId: number, metrics: readonly RunMetric[]): void {
    const buffered = loading.get(runId);
    if (buffered) {
      buffered.push(...metrics);
      return;
    }
    const series = curves.value.get(runId);
    if (!series) return;
    for (const metric of metrics) {
      const key = seriesKey(metric);
      let line = series.get(key);
      if (!line) {
        line = new MetricSeries(curvePoints);
        series.set(key, line);
      }
      line.add(metric);
    }
    triggerRef(curves);
  }

  /** Loads a run's curves (downsampled) once; live events keep them current after that. */
  async function loadCurves(runId: number): Promise<void> {
    if (loaded.has(runId)) return;
    loaded.add(runId);
    curves.value.set(runId, new Map());
    loading.set(runId, []);
    try {
      const metrics = await invoke('runs.metrics', { id: runId, maxPoints: curvePoints });
      // Events that came meanwhile repeat some of these steps and add later ones: a series replaces the
      // steps it is given again (see MetricSeries.add), so applying them after is exact.
      const buffered = loading.get(runId) ?? [];
      loading.delete(runId);
      addMetrics(runId, metrics);
      addMetrics(runId, buffered);
    } catch (error) {
      loading.delete(runId);
      loaded.delete(runId);
      curves.value.delete(runId);
      throw error;
    }
  }

  async function check(config: Record<string, unknown>): Promise<void> {
    const mine = ++previewRequest;
    previewBusy.value = true;
    try {
      const result = await invoke('runs.preview', { config });
      if (mine === previewRequest) preview.value = result;
    } finally {
      if (mine === previewRequest) previewBusy.value = false;
    }
  }

  async function start(config: Record<string, unknown>): Promise<number> {
    const { runId } = await invoke('runs.start', { config });
    await refresh();
    return runId;
  }

  async function stop(id: number): Promise<void> {
    await invoke('runs.stop', { id });
  }

  async function resume(id: number): Promise<void> {
    await invoke('runs.resume', { id });
    await refreshRun(id);
  }

  const report = (id: number): Promise<EvaluationReport> => invoke('runs.report', { id });
  const log = (id: number): Promise<RunLogEntry[]> => invoke('runs.log', { id });
  const checkpoints = (id: number): Promise<RunCheckpoint[]> => invoke('runs.checkpoints', { id });

  subscribe('run.metrics', ({ runId, metrics }) => addMetrics(runId, metrics));
  subscribe('job.progress', (job) => {
    if (job.kind !== 'train') return;
    const runId = job.payload.runId;
    const next = new Map(progress.value);
    next.set(runId, job);
    progress.value = next;
    // The run's status follows its job's; a finished job's run has new figures.
    const run = runs.value.find((r) => r.id === runId);
    if (!run || job.state !== 'running' || run.status !== 'running')
      void refreshRun(runId).catch(() => undefined);
  });

  return {
    runs,
    queue,
    progress,
    curves,
    preview,
    previewBusy,
    refresh,
    refreshRun,
    loadCurves,
    check,
    start,
    stop,
    resume,
    report,
    log,
    checkpoints,
  };
});

/** Queue order: training first, then waiting, then the rest newest first. */
function rank(run: RunView): number {
  return run.status === 'running' ? 0 : run.status === 'queued' ? 1 : 2;
}
