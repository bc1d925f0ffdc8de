/** A long job's progress as the UI and the CLI show it. */
export interface JobProgress {
  phase: string;
  done: number;
  /** 0 while the total is not yet known (e.g. while scanning). */
  total: number;
  /** Items per second over the recent past. */
  rate: number;
  /** Seconds left at the current rate, null when unknown. */
  etaSeconds: number | null;
  /** Short free text, e.g. the current file. */
  detail?: string;
}

/**
 * Turns (done, total) samples into progress with a rate and an ETA. The rate is an exponential moving
 * average of per-interval rates so that a burst of skipped files does not promise an absurd ETA.
 */
export class ProgressMeter {
  private lastTime: number;
  private lastDone = 0;
  private rate = 0;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly smoothing = 0.3,
  ) {
    this.lastTime = now();
  }

  sample(phase: string, done: number, total: number, detail?: string): JobProgress {
    const time = this.now();
    const elapsed = (time - this.lastTime) / 1000;
    if (elapsed >= 0.25 && done >= this.lastDone) {
      const instant = (done - this.lastDone) / elapsed;
      this.rate = this.rate === 0 ? instant : this.smoothing * instant + (1 - this.smoothing) * this.rate;
      this.lastTime = time;
      this.lastDone = done;
    }
    const left = Math.max(0, total - done);
    const etaSeconds = total > 0 && this.rate > 0 ? left / this.rate : null;
    return { phase, done, total, rate: this.rate, etaSeconds, ...(detail === undefined ? {} : { detail }) };
  }
}
