/**
 * Runs `action` once, `delayMs` after the last of a burst of `schedule()` calls (a user labeling face after
 * face should cost one recomputation, not one per keystroke). The timer never keeps the process alive;
 * `cancel()` drops a pending run (on shutdown). Errors go to `onError`: a background refresh has no caller.
 */
export function debounce(
  action: () => void,
  delayMs: number,
  onError: (error: unknown) => void,
): { schedule(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        try {
          action();
        } catch (error) {
          onError(error);
        }
      }, delayMs);
      timer.unref();
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
