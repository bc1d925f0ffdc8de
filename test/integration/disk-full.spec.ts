import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Container } from '../../src-main/app/container';
import type { ImportSummary } from '../../src-main/ingest/import-types';
import { diskFullMessage } from '../../src-main/util/errors';
import { countRows, readCatalogDb } from '../support/catalog-db';
import { lastJson, runCli } from '../support/cli';
import { writePhoto } from '../support/images';
import { makeTempDir } from '../support/temp';

const photoCount = 60;

/** Mounts a small tmpfs where the test may (root, in a sandbox that allows mounts); null elsewhere. */
function mountTmpfs(dir: string, megabytes: number): (() => void) | null {
  fs.mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { stdio: 'ignore' });
    return () => execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
}

/** Fills a filesystem until about `leaveBytes` are free; returns the filler file. */
function fillDisk(dir: string, leaveBytes: number): string {
  const filler = path.join(dir, 'filler.bin');
  const { bavail, bsize } = fs.statfsSync(dir);
  const size = Math.max(0, bavail * bsize - leaveBytes);
  fs.writeFileSync(filler, Buffer.alloc(size, 1));
  return filler;
}

function catalogFacts(catalog: string): { integrity: string; photos: number } {
  return readCatalogDb(catalog, (db) => ({
    integrity: db.pragma('integrity_check', { simple: true }) as string,
    photos: countRows(db, 'SELECT id FROM photos'),
  }));
}

describe('a disk that fills up during an import', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let folder: string;

  beforeAll(async () => {
    temp = await makeTempDir('disk-full');
    folder = path.join(temp.dir, 'photos');
    for (let i = 0; i < photoCount; i++) {
      await writePhoto(path.join(folder, `p${i}.jpg`), 'jpeg', i, { width: 800, height: 600 });
    }
  });

  afterAll(() => temp.cleanup());

  it('injected SQLITE_FULL: the job fails with "disk full", keeping and reporting what it committed', async () => {
    const catalogDir = path.join(temp.dir, 'injected');
    const app = new Container({ catalogDir, shell: 'cli' }).boot();
    const photos = app.repositories.photos;
    const insert = photos.insert.bind(photos);
    let inserts = 0;
    // The first batch (32 photos) commits; an insert of the second batch finds the disk full.
    vi.spyOn(photos, 'insert').mockImplementation((photo) => {
      if (++inserts > 40) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return insert(photo);
    });
    const jobId = app.imports.start({ folders: [folder], labelsFromFolders: false, indexFaces: false });
    const job = await app.jobs.waitFor(jobId);
    expect(job.state).toBe('failed');
    expect(job.error).toBe(diskFullMessage);
    const partial = job.result as ImportSummary;
    expect(partial.photos.added).toBe(32);
    expect(app.library.stats().photos).toBe(32);
    vi.restoreAllMocks();

    const again = app.imports.start({ folders: [folder], labelsFromFolders: false, indexFaces: false });
    const resumed = await app.jobs.waitFor(again);
    expect(resumed.state).toBe('done');
    expect((resumed.result as ImportSummary).photos.added).toBe(photoCount - 32);
    // The failed run's work is done now: it is marked superseded, not left failed for ever.
    expect(app.jobs.get(jobId)?.state).toBe('superseded');
    await app.shutdown();
    expect(catalogFacts(catalogDir)).toEqual({ integrity: 'ok', photos: photoCount });
  });

  it('a real full tmpfs: the CLI exits 1 with one line, JSON of what was committed, and a later run resumes', async (context) => {
    const mount = path.join(temp.dir, 'small-disk');
    const unmount = mountTmpfs(mount, 8);
    if (!unmount) {
      context.skip(
        'cannot mount a tmpfs here (needs root and mount rights): the injected case above covers it',
      );
      return;
    }
    try {
      const catalog = path.join(mount, 'catalog');
      expect((await runCli(['stats', '--catalog', catalog, '--json'])).code).toBe(0);
      const filler = fillDisk(mount, 400 * 1024);
      const full = await runCli(['import', folder, '--no-faces', '--catalog', catalog, '--json']);
      expect(full.code, full.stderr).toBe(1);
      const stderrLines = full.stderr.trim().split('\n');
      expect(stderrLines.at(-1)).toBe(`faceatlas: ${diskFullMessage}`);
      expect(full.stderr).not.toMatch(/\n\s+at /); // no stack trace
      const partial = lastJson<ImportSummary & { error: string }>(full.stdout);
      expect(partial.error).toBe(diskFullMessage);
      expect(partial.photos.added).toBeLessThan(photoCount);
      const afterFull = catalogFacts(catalog);
      expect(afterFull).toEqual({ integrity: 'ok', photos: partial.photos.added });

      fs.rmSync(filler);
      const resumed = await runCli(['import', folder, '--no-faces', '--catalog', catalog, '--json']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(lastJson<ImportSummary>(resumed.stdout).photos.added).toBe(photoCount - afterFull.photos);
      expect(catalogFacts(catalog)).toEqual({ integrity: 'ok', photos: photoCount });
    } finally {
      unmount();
    }
  });
});
