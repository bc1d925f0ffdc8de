/**
 * What the Jobs panel says about a job, by kind: JobView is a union discriminated by `kind`, so each kind's
 * payload and result are read with their own types, never guessed. Pure, so it is tested without a DOM.
 */
import type { JobView } from '../../../src-main/api/contract';

type JobOf<K extends JobView['kind']> = Extract<JobView, { kind: K }>;

/** The part of vue-i18n's composer the panel's text needs. */
export interface JobTextI18n {
  /** vue-i18n's `t` is a closure over its composer, safe to call unbound. */
  t: {
    (key: string, named: Record<string, unknown>): string;
    (key: string, plural: number): string;
    (key: string): string;
  };
  te: (key: string) => boolean;
}

/** The panel's texts in the language of `i18n`. */
export function jobText(i18n: JobTextI18n) {
  const { t } = i18n;

  /** A job's kind, state, phase or run status in the UI's language; an unknown one as the host named it. */
  function word(group: 'kind' | 'state' | 'phase' | 'runStatus', value: string): string {
    return i18n.te(`${group}.${value}`) ? t(`${group}.${value}`) : value;
  }

  /** A training job names its run first, whatever its state: runs are what the Training view lists. */
  function describe(job: JobView): string {
    const text = describeState(job);
    return job.kind === 'train' ? `${t('jobs.run', { id: job.payload.runId })} · ${text}` : text;
  }

  function describeState(job: JobView): string {
    const p = job.progress;
    if (job.state === 'done') return summaryOf(job);
    // A stopped run answered with its summary (checkpoint saved, resumable): that is what matters now.
    if (job.state === 'cancelled' && job.kind === 'train' && job.result) return summaryOf(job);
    if (job.state === 'superseded') return t('jobs.superseded');
    // A job that failed part-way keeps what it committed: say so next to its error.
    if (job.state === 'failed' && job.result) return t('jobs.beforeStopped', { summary: summaryOf(job) });
    if (!p) return word('state', job.state);
    if (p.done === 0 && p.total === 0 && p.detail) return p.detail;
    const parts = [`${word('phase', p.phase)} ${p.total > 0 ? `${p.done} / ${p.total}` : `${p.done}`}`];
    if (p.rate > 0) parts.push(t('jobs.rate', { rate: p.rate.toFixed(1) }));
    if (p.etaSeconds !== null && job.state === 'running') {
      parts.push(t('jobs.eta', { seconds: Math.ceil(p.etaSeconds) }));
    }
    return parts.join(' · ');
  }

  /** An index job's per-photo failures; imports list theirs under the library's failed files. */
  function indexErrors(job: JobView): Array<{ path: string; error: string }> {
    return job.kind === 'index' ? (job.result?.errors ?? []) : [];
  }

  /** What a finished job did, by its kind. */
  function summaryOf(job: JobView): string {
    if (!job.result) return t('jobs.done');
    switch (job.kind) {
      case 'import':
        return importSummary(job);
      case 'index':
        return indexSummary(job);
      case 'train':
        return trainSummary(job);
      case 'reembed':
        return reembedSummary(job);
      case 'project':
        return projectSummary(job);
      default:
        return t('jobs.done');
    }
  }

  /** An import's added/skipped/failed photos and the faces found in them. */
  function importSummary({ result }: JobOf<'import'>): string {
    if (!result) return t('jobs.done');
    const { photos, faces } = result;
    return [
      t('jobs.added', { n: photos.added }),
      t('jobs.skipped', { n: photos.skipped }),
      t('jobs.failedImport', { n: photos.failed }),
      t('jobs.faces', faces),
    ].join(' · ');
  }

  /** An index job's photos, faces and failures. */
  function indexSummary({ result }: JobOf<'index'>): string {
    if (!result) return t('jobs.done');
    return [
      t('jobs.indexed', result.photos),
      t('jobs.faces', result.faces),
      t('jobs.failed', { n: result.failed }),
    ].join(' · ');
  }

  /** How a training run ended, with its test accuracy when it has one. */
  function trainSummary({ result }: JobOf<'train'>): string {
    if (!result) return t('jobs.done');
    const accuracy = result.metrics.testAccuracy;
    const percent =
      typeof accuracy === 'number' ? [t('jobs.testAccuracy', { percent: (accuracy * 100).toFixed(1) })] : [];
    return [word('runStatus', result.status), ...percent].join(' · ');
  }

  /** A re-embedding's faces embedded and skipped, and whether it switched the catalog's embedder. */
  function reembedSummary({ result }: JobOf<'reembed'>): string {
    if (!result) return t('jobs.done');
    return [
      t('jobs.embedded', { n: result.embedded }),
      ...(result.skipped > 0 ? [t('jobs.failed', { n: result.skipped })] : []),
      ...(result.activated ? [t('jobs.activated')] : []),
    ].join(' · ');
  }

  /** A map's method, points and time. */
  function projectSummary({ result }: JobOf<'project'>): string {
    if (!result) return t('jobs.done');
    const method = `embeddings.methods.${result.method}`;
    return t('jobs.projected', {
      method: i18n.te(method) ? t(method) : result.method,
      n: result.points,
      seconds: result.seconds.toFixed(1),
    });
  }

  return { describe, indexErrors, word };
}
