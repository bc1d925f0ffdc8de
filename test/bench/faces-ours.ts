/**
 * Our side of the faces bench: the product's import with face indexing, exactly as the CLI runs it.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Container } from '../../src-main/app/container';
import type { ImportSummary } from '../../src-main/ingest/import-types';
import type { FaceSettingsUpdate } from '../../src-main/settings/face-settings';
import type { BackendName } from '../../src-main/vision/backend-names';
import { VisionWorkerPool } from '../../src-main/vision/worker-pool';

export interface OurImport {
  /** Wall time from starting the import job to its end (the workers start inside it, on first use). */
  seconds: number;
  summary: ImportSummary;
  /** Faces stored per input file (same order); a duplicate's faces belong to the first copy. */
  facesPerFile: number[];
  /** The backend the import's vision workers ran on. */
  backend: BackendName;
  /** RSS just before the container booted, in bytes. */
  rssBefore: number;
}

/**
 * Imports exactly `files` (staged as symlinks in one folder) into a fresh catalog with face indexing on:
 * `Container.boot()`, `imports.start()`, `jobs.waitFor()`, `shutdown()`. Only the job is timed.
 * `warm`: the workers are started (and warmed up on a synthetic photo, as every worker is) before the job,
 * as the desktop app and the host start them at launch and keep them between jobs (and as face-api's side
 * loads its models untimed); otherwise they start inside the job, as in a one-off CLI run. `settings`
 * changes the catalog's face settings first (e.g. flip fusion on).
 */
export async function ourImport(
  files: string[],
  warm = false,
  settings: FaceSettingsUpdate = {},
): Promise<OurImport> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'faceatlas-bench-faces-'));
  try {
    const staged = path.join(work, 'in');
    await fs.mkdir(staged);
    const links = files.map((file, i) => path.join(staged, `${i}-${path.basename(file)}`));
    await Promise.all(files.map((file, i) => fs.symlink(file, links[i]!)));
    const rssBefore = process.memoryUsage.rss();
    const app = new Container({ catalogDir: path.join(work, 'catalog'), shell: 'cli' }).boot();
    try {
      app.settings.updateFaces(settings);
      if (warm) await app.indexer.ready();
      const start = performance.now();
      const job = await app.jobs.waitFor(app.imports.start({ folders: [staged], labelsFromFolders: false }));
      const seconds = (performance.now() - start) / 1000;
      if (job.state !== 'done') throw new Error(`import job ended ${job.state}: ${job.error ?? ''}`);
      const rows = app.db
        .prepare(
          'SELECT p.path AS path, COUNT(f.id) AS faces FROM photos p LEFT JOIN faces f ON f.photo_id = p.id GROUP BY p.id',
        )
        .all() as Array<{ path: string; faces: number }>;
      const byPath = new Map(rows.map((row) => [row.path, row.faces]));
      return {
        seconds,
        summary: job.result as ImportSummary,
        facesPerFile: links.map((link, i) => byPath.get(link) ?? byPath.get(files[i]!) ?? 0),
        backend: app.indexer.backend(),
        rssBefore,
      };
    } finally {
      await app.shutdown();
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** Seconds to start a vision pool of `size` workers (backend + weights in each): part of every import. */
export async function poolStartSeconds(size: number): Promise<number> {
  const start = performance.now();
  const pool = await VisionWorkerPool.create({ size });
  const seconds = (performance.now() - start) / 1000;
  await pool.dispose();
  return seconds;
}
