/**
 * Runs `action` once, `delayMs` after the last of a burst of `schedule()` calls (a user labeling face after
 * face should cost one recomputation, not one per keystroke). The timer never keeps the process alive;
 * `cancel()` drops a pending run. Errors go to `onError`: a background run has no caller.
 */
export function debounce(
  action: () => void,
  delayMs: number,
  onError: (error: unknown) => void,
): { schedule(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    clearTimeout(timer);
    timer = undefined;
    try {
      action();
    } catch (error) {
      onError(error);
    }
  };
  return {
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(run, delayMs);
      timer.unref();
    },

    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
