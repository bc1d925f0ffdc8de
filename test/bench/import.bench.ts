/**
 * Import throughput against the bare cost it cannot avoid: sharp decoding each file and rendering the
 * same thumbnail, at the same concurrency, in the same process. The ratio (ours / bare) is the figure.
 * Photos only (indexFaces: false): face indexing has its own bench (faces.bench.ts).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { Container } from '../../src-main/app/container';
import { scanFolders } from '../../src-main/ingest/scan';
import { Limiter } from '../../src-main/util/concurrency';
import { writePhoto } from '../support/images';
import { datasetsDir, exists, printTable, type BenchOptions } from './bench-support';

const concurrency = Math.max(2, os.availableParallelism());

async function listFiles(folder: string, limit: number): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of scanFolders([folder])) {
    if (entry.kind === 'file' && /\.(jpe?g|png)$/i.test(entry.path)) files.push(entry.path);
    if (files.length >= limit) break;
  }
  return files;
}

/** Bare sharp: read, decode with orientation, thumbnail to JPEG as the import does; nothing stored. */
async function bareSharp(files: string[]): Promise<number> {
  const limiter = new Limiter(concurrency);
  const start = performance.now();
  await Promise.all(
    files.map(async (file) => {
      await limiter.acquire();
      try {
        await sharp(await fs.readFile(file))
          .autoOrient()
          .resize({ width: 256, height: 256, fit: 'inside', withoutEnlargement: true })
          .flatten({ background: '#ffffff' })
          .jpeg({ quality: 80 })
          .toBuffer();
      } finally {
        limiter.release();
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

/** Our import into a fresh catalog, files staged as links in one folder so exactly these are imported. */
async function ourImport(files: string[]): Promise<{ seconds: number; added: number }> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'faceatlas-bench-'));
  try {
    const staged = path.join(work, 'in');
    await fs.mkdir(staged);
    await Promise.all(
      files.map((file, i) => fs.symlink(file, path.join(staged, `${i}-${path.basename(file)}`))),
    );
    const app = new Container({
      catalogDir: path.join(work, 'catalog'),
      shell: 'cli',
      importConcurrency: concurrency,
    }).boot();
    const start = performance.now();
    const job = await app.jobs.waitFor(
      app.imports.start({ folders: [staged], labelsFromFolders: false, indexFaces: false }),
    );
    const seconds = (performance.now() - start) / 1000;
    await app.shutdown();
    return { seconds, added: (job.result as { photos: { added: number } }).photos.added };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

async function generatedLargeJpegs(
  count: number,
): Promise<{ files: string[]; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'faceatlas-bench-jpeg-'));
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `large-${i}.jpg`);
    await writePhoto(file, 'jpeg', i, { width: 3000, height: 2000 });
    files.push(file);
  }
  return { files, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

export async function benchImport(options: BenchOptions): Promise<void> {
  const sets: Array<{ name: string; files: string[] }> = [];
  const lfw = path.join(datasetsDir, 'lfw-view1', 'images');
  if (await exists(lfw))
    sets.push({ name: 'lfw-view1', files: await listFiles(lfw, options.limit ?? Infinity) });
  else console.error(`(no ${lfw}: skipping the LFW set)`);
  const large = await generatedLargeJpegs(options.limit ? Math.min(50, options.limit) : 50);
  sets.push({ name: 'generated 3000x2000 JPEG', files: large.files });

  const rows = [];
  for (const set of sets) {
    // Warm the page cache, sharp and both code paths once so neither side pays first-touch costs.
    await bareSharp(set.files.slice(0, 8));
    await ourImport(set.files.slice(0, 8));
    // Short sets run a few times, alternating sides; each side's best run counts (less noise from the
    // machine's other work, same treatment for both).
    const repeats = set.files.length < 500 ? 3 : 1;
    let bare = Infinity;
    let ours = { seconds: Infinity, added: 0 };
    for (let run = 0; run < repeats; run++) {
      bare = Math.min(bare, await bareSharp(set.files));
      const attempt = await ourImport(set.files);
      if (attempt.seconds < ours.seconds) ours = attempt;
    }
    const oursRate = ours.added / ours.seconds;
    const bareRate = set.files.length / bare;
    rows.push({
      set: set.name,
      photos: set.files.length,
      runs: repeats,
      'import photos/s': oursRate.toFixed(1),
      'bare sharp photos/s': bareRate.toFixed(1),
      'ratio (target >= 0.8)': (oursRate / bareRate).toFixed(2),
    });
  }
  await large.cleanup();
  printTable(`import throughput (concurrency ${concurrency}, ${os.availableParallelism()} cores)`, rows);
}
