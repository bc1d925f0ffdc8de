import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src-main/ingest/import-types';
import { countRows, readCatalogDb } from '../support/catalog-db';
import { lastJson, runCli, spawnCli } from '../support/cli';
import { writePhoto } from '../support/images';
import { makeTempDir } from '../support/temp';

const photoCount = 90;

/** Starts an import and SIGKILLs it once its progress passes `after` files. */
async function killImportMidway(folder: string, catalog: string, after: number): Promise<number> {
  const child = spawnCli(['import', folder, '--no-faces', '--catalog', catalog, '--json']);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const done = [...stderr.matchAll(/importing (\d+)\//g)].map((m) => Number(m[1]));
      const latest = done[done.length - 1] ?? 0;
      if (latest >= after && child.exitCode === null) {
        child.kill('SIGKILL');
        resolve(latest);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL')
        reject(new Error(`import ended (${code}) before it could be killed:\n${stderr}`));
    });
  });
}

function catalogFacts(catalog: string): { integrity: string; photos: number; files: number; shas: number } {
  return readCatalogDb(catalog, (db) => ({
    integrity: db.pragma('integrity_check', { simple: true }) as string,
    photos: countRows(db, 'SELECT id FROM photos'),
    files: countRows(db, 'SELECT path FROM photo_files'),
    shas: countRows(db, 'SELECT DISTINCT sha256 FROM photos'),
  }));
}

describe('an import killed midway', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let folder: string;

  beforeAll(async () => {
    temp = await makeTempDir('crash');
    folder = path.join(temp.dir, 'photos');
    for (let i = 0; i < photoCount; i++) {
      await writePhoto(path.join(folder, `g${i % 5}`, `p${i}.jpg`), 'jpeg', i, { width: 1600, height: 1200 });
    }
    // Two duplicates, so the resumed run must also get the duplicate bookkeeping right.
    await fs.copyFile(path.join(folder, 'g0', 'p0.jpg'), path.join(folder, 'dup-a.jpg'));
    await fs.copyFile(path.join(folder, 'g1', 'p1.jpg'), path.join(folder, 'g4', 'dup-b.jpg'));
  });

  afterAll(() => temp.cleanup());

  it('resumes to the same catalog as a clean run, intact and without duplicates', async () => {
    const killedCatalog = path.join(temp.dir, 'killed');
    const killedAt = await killImportMidway(folder, killedCatalog, 20);
    expect(killedAt).toBeLessThan(photoCount);
    const partial = catalogFacts(killedCatalog);
    expect(partial.integrity).toBe('ok');
    expect(partial.photos).toBeLessThan(photoCount);

    const resumed = await runCli(['import', folder, '--no-faces', '--catalog', killedCatalog, '--json']);
    expect(resumed.code).toBe(0);
    const resumedSummary = lastJson<ImportSummary>(resumed.stdout);
    expect(resumedSummary.photos.added + partial.photos).toBe(photoCount);

    const clean = await runCli([
      'import',
      folder,
      '--no-faces',
      '--catalog',
      path.join(temp.dir, 'clean'),
      '--json',
    ]);
    expect(lastJson<ImportSummary>(clean.stdout).photos).toEqual({
      added: photoCount,
      skipped: 2,
      failed: 0,
    });

    const after = catalogFacts(killedCatalog);
    expect(after).toEqual(catalogFacts(path.join(temp.dir, 'clean')));
    expect(after).toEqual({ integrity: 'ok', photos: photoCount, files: photoCount + 2, shas: photoCount });
  });
});
