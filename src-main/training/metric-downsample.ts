import type { RunMetricRow } from '../catalog/run.repository';
import type { RunMetric } from './run-views';

/**
 * A bucket width for `steps` steps in at most `maxPoints` buckets: a power of two, so that buckets of one
 * read line up with those of a later, longer read (and with the dashboard's own merging of live points).
 */
export function bucketWidth(steps: number, maxPoints: number): number {
  let width = 1;
  // +1: buckets are aligned to multiples of the width, so a span may straddle one more.
  while (steps / width + 1 > maxPoints) width *= 2;
  return width;
}

/**
 * The dashboard's downsampling, in memory: the reference the repository's SQL (RunRepository.seriesBuckets,
 * what runs.metrics uses) is tested against. Downsamples each metric series (split + name) to at most `maxPoints` points: a series that fits is kept
 * as is; a longer one becomes buckets of `bucketWidth` steps, each the bucket's last value (and its step
 * and epoch) with the bucket's min and max, so a spike survives however far the curve is zoomed out.
 * Rows come in step order and go out in step order per series.
 */
export function downsampleMetrics(rows: readonly RunMetricRow[], maxPoints: number): RunMetric[] {
  const series = new Map<string, RunMetricRow[]>();
  for (const row of rows) {
    const key = `${row.split}\u0000${row.name}`;
    const list = series.get(key);
    if (list) list.push(row);
    else series.set(key, [row]);
  }
  const out: RunMetric[] = [];
  for (const list of series.values()) {
    if (list.length <= maxPoints) {
      out.push(...list);
      continue;
    }
    const first = list[0]!.step;
    const width = bucketWidth(list[list.length - 1]!.step - first + 1, maxPoints);
    let current: RunMetric | null = null;
    let bucket = -1;
    for (const row of list) {
      const key = Math.floor(row.step / width);
      if (current && key === bucket) {
        current.min = Math.min(current.min!, row.value);
        current.max = Math.max(current.max!, row.value);
        Object.assign(current, { epoch: row.epoch, step: row.step, value: row.value });
        continue;
      }
      if (current) out.push(current);
      bucket = key;
      current = { ...row, min: row.value, max: row.value };
    }
    if (current) out.push(current);
  }
  return out;
}
