import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { JobView } from '../../../src-main/api/contract';
import { invoke, subscribe } from '../api/client';
import { mergeJobList } from './job-list-merge';

/** Jobs and their live progress, fed by `job.progress` events. */
export const useJobsStore = defineStore('jobs', () => {
  const jobs = ref<JobView[]>([]);
  const active = computed(() =>
    jobs.value.filter((job) => job.state === 'running' || job.state === 'queued'),
  );
  const resumable = computed(() => jobs.value.filter((job) => job.state === 'interrupted'));

  async function refresh(): Promise<void> {
    const fetched = await invoke('jobs.list', {});
    jobs.value = mergeJobList(jobs.value, fetched);
  }

  function upsert(job: JobView): void {
    const index = jobs.value.findIndex((existing) => existing.id === job.id);
    if (index >= 0) jobs.value.splice(index, 1, job);
    else jobs.value.unshift(job);
  }

  async function cancel(id: number): Promise<void> {
    await invoke('jobs.cancel', { id });
  }

  async function resume(id: number): Promise<void> {
    await invoke('jobs.resume', { id });
  }

  subscribe('job.progress', upsert);
  return { jobs, active, resumable, refresh, cancel, resume };
});
