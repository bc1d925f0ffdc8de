import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import type { JobView } from '../../../src-main/api/contract';
import { jobText } from '../../../src-renderer/src/components/jobs-panel-text';
import { en } from '../../../src-renderer/src/i18n/en';
import { zhCN } from '../../../src-renderer/src/i18n/zh-CN';

function textIn(locale: 'en' | 'zh-CN') {
  const i18n = createI18n({ legacy: false, locale, messages: { en, 'zh-CN': zhCN } });
  return jobText(i18n.global);
}

const base = { progress: null, error: null, created: '', updated: '' };
const runJob = (state: JobView['state'], result: Extract<JobView, { kind: 'train' }>['result']): JobView => ({
  ...base,
  id: 9,
  kind: 'train',
  state,
  payload: { runId: 4, resume: false },
  result,
});
const summary = { runId: 4, backend: 'wasm' as const, seconds: 12, modelId: 2 };

describe('Jobs panel text, read by kind', () => {
  const { describe: describeJob, indexErrors } = textIn('en');

  it('names a training job by its run, with its progress while it trains', () => {
    const running: JobView = {
      ...runJob('running', null),
      progress: { phase: 'training', done: 40, total: 100, rate: 2.5, etaSeconds: 24, detail: 'epoch 1' },
    };
    expect(describeJob(running)).toBe('run #4 · training 40 / 100 · 2.5/s · 24 s left');
    expect(describeJob(runJob('queued', null))).toBe('run #4 · queued');
  });

  it('says how a run ended, with its test accuracy when it has one', () => {
    const completed = runJob('done', { ...summary, status: 'completed', metrics: { testAccuracy: 0.9512 } });
    expect(describeJob(completed)).toBe('run #4 · completed · test accuracy 95.1%');
    const stopped = runJob('cancelled', { ...summary, status: 'stopped', metrics: {}, modelId: null });
    expect(describeJob(stopped)).toBe('run #4 · stopped');
    expect(describeJob(runJob('cancelled', null))).toBe('run #4 · cancelled');
    expect(textIn('zh-CN').describe(completed)).toBe('训练运行 #4 · 已完成 · 测试准确率 95.1%');
  });

  it('summarises imports and index jobs from their typed results', () => {
    const imported: JobView = {
      ...base,
      id: 1,
      kind: 'import',
      state: 'failed',
      error: 'disk full',
      payload: { folders: ['/photos'], labelsFromFolders: false },
      result: {
        photos: { added: 3, skipped: 1, failed: 2 },
        faces: 5,
        duplicates: [],
        errors: [],
        cancelled: false,
      },
    };
    expect(describeJob(imported)).toBe('before it stopped: added 3 · skipped 1 · failed 2 · 5 faces');
    const indexed: JobView = {
      ...base,
      id: 2,
      kind: 'index',
      state: 'done',
      payload: { all: false },
      result: { photos: 4, faces: 1, failed: 1, errors: [{ path: '/a.jpg', error: 'corrupt' }] },
    };
    expect(describeJob(indexed)).toBe('indexed 4 photos · 1 face · 1 failed');
    expect(indexErrors(indexed)).toEqual([{ path: '/a.jpg', error: 'corrupt' }]);
    expect(indexErrors(imported)).toEqual([]);
  });

  it('summarises re-embedding and map jobs, with their phases in words', () => {
    const reembedded: JobView = {
      ...base,
      id: 3,
      kind: 'reembed',
      state: 'done',
      payload: { model: 5, activate: true },
      result: { model: 5, faces: 40, embedded: 38, skipped: 2, activated: true, report: null },
    };
    expect(describeJob(reembedded)).toBe('embedded 38 · 2 failed · now the active embedder');
    const mapped: JobView = {
      ...base,
      id: 4,
      kind: 'project',
      state: 'done',
      payload: { method: 'umap', dims: 2, seed: 1, model: 5 },
      result: { key: 'k', method: 'umap', dims: 2, points: 5535, seconds: 18.04 },
    };
    expect(describeJob(mapped)).toBe('UMAP map of 5535 faces in 18.0 s');
    const layingOut: JobView = {
      ...mapped,
      state: 'running',
      result: null,
      progress: { phase: 'tsne', done: 250, total: 1000, rate: 0, etaSeconds: null },
    };
    expect(describeJob(layingOut)).toBe('t-SNE layout 250 / 1000');
    expect(describeJob({ ...mapped, result: { ...mapped.result!, method: 'tsne' } })).toBe(
      't-SNE map of 5535 faces in 18.0 s',
    );
    expect(textIn('zh-CN').describe(mapped)).toBe('UMAP 分布图，5535 张人脸，用时 18.0 秒');
  });
});
