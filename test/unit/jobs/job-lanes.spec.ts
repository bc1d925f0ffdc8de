import { describe, expect, it } from 'vitest';
import { jobLanes, laneOf } from '../../../src-main/jobs/job-lanes';

describe('job lanes', () => {
  it('puts catalog writers in one lane and training in its own', () => {
    expect(laneOf('import')).toBe('catalog');
    expect(laneOf('index')).toBe('catalog');
    expect(laneOf('reembed')).toBe('catalog');
    expect(laneOf('train')).toBe('training');
    expect(laneOf('project')).toBe('projection');
    expect(Object.keys(jobLanes).sort()).toEqual(['import', 'index', 'project', 'reembed', 'train']);
  });

  it('treats a kind it does not know (a newer version sharing the catalog) as a catalog job', () => {
    expect(laneOf('export')).toBe('catalog');
    expect(laneOf('toString')).toBe('catalog'); // not an inherited property taken for a lane
  });
});
