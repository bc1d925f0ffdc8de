import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../src-main/api/contract';
import { mergeJobList } from '../../../src-renderer/src/stores/job-list-merge';

function job(id: number, state: JobView['state']): JobView {
  return {
    id,
    kind: 'reembed',
    state,
    progress: null,
    payload: { model: 7, activate: true },
    result: null,
    error: null,
    created: '2026-12-02T10:00:00Z',
    updated: '2026-12-02T10:00:00Z',
  };
}

describe('merging a jobs.list answer with the events seen meanwhile', () => {
  it('keeps a job finished by an event when the answer, computed earlier, still says running', () => {
    const merged = mergeJobList([job(3, 'done')], [job(3, 'running'), job(2, 'done')]);
    expect(merged.map((j) => [j.id, j.state])).toEqual([
      [3, 'done'],
      [2, 'done'],
    ]);
  });

  it('takes the answer where it is newer, and keeps a job started after it', () => {
    const local = [job(5, 'queued'), job(4, 'running'), job(1, 'interrupted')];
    const fetched = [job(4, 'done'), job(1, 'running'), job(0, 'failed')];
    expect(mergeJobList(local, fetched).map((j) => [j.id, j.state])).toEqual([
      [5, 'queued'],
      [4, 'done'],
      [1, 'running'],
      [0, 'failed'],
    ]);
  });
});
