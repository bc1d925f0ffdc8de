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

interface Sample {
  time: number;
  done: number;
}

/**
 * Turns (done, total) samples into progress with a rate and an ETA. The rate is measured over a sliding
 * window of the recent past (not since the start, which a burst of skipped files would distort for the
 * whole run, nor per sample, which is noisy). A new phase, or a count that goes back (a phase that counts
 * afresh), restarts the measurement: one phase's rate says nothing about the next one's.
 */
export class ProgressMeter {
  private phase: string | null = null;
  private samples: Sample[] = [];
  private rate = 0;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly windowMs = 15_000,
    /** Shorter spans than this give no rate yet: a few items in a few ms say little. */
    private readonly minSpanMs = 500,
  ) {}

  sample(phase: string, done: number, total: number, detail?: string): JobProgress {
    const time = this.now();
    const last = this.samples.at(-1);
    if (phase !== this.phase || (last && done < last.done)) this.restart(phase, time, done);
    else this.record(time, done);
    const left = Math.max(0, total - done);
    const etaSeconds = total > 0 && this.rate > 0 ? left / this.rate : null;
    return { phase, done, total, rate: this.rate, etaSeconds, ...(detail === undefined ? {} : { detail }) };
  }

  private restart(phase: string, time: number, done: number): void {
    this.phase = phase;
    this.samples = [{ time, done }];
    this.rate = 0;
  }

  private record(time: number, done: number): void {
    const last = this.samples.at(-1) as Sample;
    // One sample per 100 ms is plenty, and keeps the window small however often progress is reported.
    if (time - last.time < 100 && this.samples.length > 1) last.done = done;
    else this.samples.push({ time, done });
    // Keep the newest sample older than the window as the base, so the window always spans windowMs.
    while (this.samples.length > 2 && time - (this.samples[1] as Sample).time >= this.windowMs) {
      this.samples.shift();
    }
    const base = this.samples[0] as Sample;
    const span = time - base.time;
    if (span >= this.minSpanMs) this.rate = ((done - base.done) * 1000) / span;
  }
}
