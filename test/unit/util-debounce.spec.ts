import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../../src-main/util/debounce';

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once, a delay after the last of a burst; cancel drops a pending run', () => {
    const action = vi.fn();
    const job = debounce(action, 1000, () => undefined);
    job.schedule();
    vi.advanceTimersByTime(900);
    job.schedule();
    vi.advanceTimersByTime(900);
    expect(action).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(action).toHaveBeenCalledTimes(1);
    job.schedule();
    job.cancel();
    vi.advanceTimersByTime(5000);
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('hands an error to onError and keeps working', () => {
    const errors: unknown[] = [];
    let calls = 0;
    const job = debounce(
      () => {
        calls++;
        if (calls === 1) throw new Error('catalog closed');
      },
      10,
      (error) => errors.push(error),
    );
    job.schedule();
    vi.advanceTimersByTime(10);
    job.schedule();
    vi.advanceTimersByTime(10);
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('catalog closed')]);
  });
});
