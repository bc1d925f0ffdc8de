import type { JobRunContext } from '../jobs/job-types';
import { ProgressMeter } from '../jobs/progress';
import { UserError } from '../util/errors';
import type { ModelService } from './model.service';
import type { ReembedInput, ReembedSummary } from './model-types';

/** Faces read per query: the job walks the catalog in id order, this many at a time. */
const pageSize = 512;

/**
 * The `reembed` job: embeds every face's stored aligned crop with a model (no photo is read, nothing is
 * detected), committing as it goes, so a cancelled or interrupted run resumes with the faces still missing.
 * With `activate`, the model then becomes the catalog's embedder (clusters and suggestions recomputed
 * under it; labels and rejections are per face and untouched) and an A/B report against the previous
 * embedder on the user's own labels is written.
 */
export async function runReembed(
  input: ReembedInput,
  job: JobRunContext,
  models: ModelService,
): Promise<ReembedSummary> {
  const row = models.row(input.model);
  if (!row) throw new UserError(`no model ${input.model}`, 'not-found');
  const meter = new ProgressMeter();
  const total = models.embeddings.countMissing(input.model);
  let embedded = 0;
  let skipped = 0;
  let after = 0;
  job.reportProgress(meter.sample('embedding', 0, total, row.name));
  for (;;) {
    const page = models.embeddings.missing(input.model, after, pageSize);
    if (page.length === 0 || job.signal.aborted) break;
    after = page.at(-1)!.id;
    const base = { embedded, skipped };
    const done = await models.embedFaces(input.model, page, job.signal, (e, s) =>
      job.reportProgress(meter.sample('embedding', base.embedded + e + base.skipped + s, total, row.name)),
    );
    embedded += done.embedded;
    skipped += done.skipped;
  }
  const summary = {
    model: input.model,
    faces: models.embeddings.countEmbedded(input.model),
    embedded,
    skipped,
  };
  if (job.signal.aborted || !input.activate) return { ...summary, activated: false, report: null };
  job.reportProgress(meter.sample('switching', 0, 1, row.name));
  const report = await models.activate(input.model);
  return { ...summary, activated: true, report };
}
